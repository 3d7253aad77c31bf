using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Compilation;

/// <summary>The secure defaults: AES-256-GCM, Curve25519 then ECP-256, SHA-256 PRF, PFS with X25519.</summary>
internal static class DefaultPolicy
{
    public const string Name = "default";

    public static CryptoPolicy Create() => new()
    {
        Id = Guid.Empty,
        Name = Name,
        IsDefault = true,
        IkeVersion = 2,
        IkeProposals = ["aes256gcm16-prfsha256-x25519", "aes256gcm16-prfsha256-ecp256"],
        ChildProposals = ["aes256gcm16"],
        PfsGroup = "x25519",
        Protocol = IpsecProtocolKind.Esp,
        Mode = IpsecModeKind.Tunnel,
        IkeLifetimeSeconds = 14400,
        ChildLifetimeSeconds = 3600,
        RekeyMarginSeconds = 300,
        JitterSeconds = 60,
        DpdIntervalSeconds = 30,
        ReplayWindow = 1024,
    };
}
