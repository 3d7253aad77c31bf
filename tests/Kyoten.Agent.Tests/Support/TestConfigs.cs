using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Support;

/// <summary>Valid configurations to start from; tests break one field at a time.</summary>
internal static class TestConfigs
{
    public const string Psk = "psk-that-must-never-be-logged-4d1f9a";

    public static AgentConfig Valid(ulong revision, int tunnels = 1)
    {
        var config = new AgentConfig
        {
            Revision = revision,
            SiteName = "tokyo",
            LocalId = "tokyo.sites.kyoten",
            LanSubnets = { "198.18.1.0/24" },
            Telemetry = new TelemetrySettings { IntervalSeconds = 10 },
        };
        for (var i = 0; i < tunnels; i++)
        {
            config.Tunnels.Add(PskTunnel($"tokyo--peer{i}", $"192.0.2.{10 + i}"));
        }

        return config;
    }

    public static Tunnel PskTunnel(string name, string remote) => new()
    {
        Name = name,
        PeerSite = "partner",
        RemoteAddress = remote,
        RemoteId = remote,
        Initiator = true,
        IkeVersion = IkeVersion.V2,
        Auth = AuthMethod.Psk,
        Psk = Psk,
        IkeProposals = { "aes256gcm16-prfsha256-x25519" },
        ChildProposals = { "aes256gcm16" },
        Protocol = IpsecProtocol.Esp,
        Mode = IpsecMode.Tunnel,
        LocalTs = { "198.18.1.0/24" },
        RemoteTs = { "198.18.2.0/24" },
    };
}
