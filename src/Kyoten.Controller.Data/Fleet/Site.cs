namespace Kyoten.Controller.Data.Fleet;

/// <summary>An office: its WAN address, the LANs behind it and its role in the topology.</summary>
public sealed class Site
{
    public Guid Id { get; set; }

    /// <summary>DNS label, unique; also names the IKE identity <c>&lt;name&gt;.sites.kyoten</c>.</summary>
    public required string Name { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Fixed IPv4/IPv6 address or DNS name; null when the address is dynamic.</summary>
    public string? WanAddress { get; set; }

    public List<string> LanSubnets { get; set; } = [];

    public SiteRole Role { get; set; }

    public SiteKind Kind { get; set; }

    /// <summary>Crypto policy for this site's tunnels; null = the default policy.</summary>
    public Guid? PolicyId { get; set; }

    public CryptoPolicy? Policy { get; set; }

    /// <summary>External sites: the gateway's IKE identity (defaults to its WAN address).</summary>
    public string? IkeIdentity { get; set; }

    /// <summary>External sites: the pre-shared key, protected with Data Protection.</summary>
    public string? ProtectedPsk { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }
}
