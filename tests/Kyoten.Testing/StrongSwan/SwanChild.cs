namespace Kyoten.Testing.StrongSwan;

/// <summary>A CHILD SA template of a swanctl connection (<c>children.NAME { }</c>).</summary>
public sealed record SwanChild(string Name, string LocalTs, string RemoteTs)
{
    public string EspProposals { get; init; } = "aes256gcm16";

    /// <summary>libipsec carries only tunnel mode (shared/TESTING.md).</summary>
    public string Mode { get; init; } = "tunnel";

    /// <summary><c>none</c>, <c>trap</c> or <c>start</c>; tests initiate explicitly by default.</summary>
    public string StartAction { get; init; } = "none";

    public TimeSpan? RekeyTime { get; init; }

    public TimeSpan? LifeTime { get; init; }

    public string? DpdAction { get; init; }
}
