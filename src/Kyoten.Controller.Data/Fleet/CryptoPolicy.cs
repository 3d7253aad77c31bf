namespace Kyoten.Controller.Data.Fleet;

/// <summary>Algorithms and timers for a set of tunnels. Weak policies may only reach external peers.</summary>
public sealed class CryptoPolicy
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public bool IsDefault { get; set; }

    /// <summary>2 (default) or 1 (legacy external peers).</summary>
    public int IkeVersion { get; set; } = 2;

    /// <summary>strongSwan notation, strongest first: "aes256gcm16-prfsha256-x25519".</summary>
    public List<string> IkeProposals { get; set; } = [];

    /// <summary>strongSwan notation, strongest first: "aes256gcm16", "aes256gcm16-x25519".</summary>
    public List<string> ChildProposals { get; set; } = [];

    public IpsecProtocolKind Protocol { get; set; }

    public IpsecModeKind Mode { get; set; }

    /// <summary>DH group appended to CHILD proposals without one (PFS); null = no PFS.</summary>
    public string? PfsGroup { get; set; }

    public int IkeLifetimeSeconds { get; set; }

    public int ChildLifetimeSeconds { get; set; }

    public int RekeyMarginSeconds { get; set; }

    public int JitterSeconds { get; set; }

    public int DpdIntervalSeconds { get; set; }

    public int ReplayWindow { get; set; }

    /// <summary>Set when any proposal uses a weak algorithm; computed on save.</summary>
    public bool IsWeak { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
