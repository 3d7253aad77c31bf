using Kyoten.Agent.Config;
using Kyoten.Agent.Tests.Support;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Config;

public sealed class AgentConfigValidatorTests
{
    [Fact]
    public void ValidConfig_HasNoErrors() => Assert.Empty(AgentConfigValidator.Validate(TestConfigs.Valid(1, tunnels: 3)));

    [Theory]
    [MemberData(nameof(BrokenConfigs))]
    public void EachMistake_IsReportedWithItsField(string expectedPrefix, Action<AgentConfig> breakIt)
    {
        var config = TestConfigs.Valid(1, tunnels: 2);
        breakIt(config);

        var errors = AgentConfigValidator.Validate(config);

        Assert.Contains(errors, e => e.StartsWith(expectedPrefix, StringComparison.Ordinal));
    }

    public static TheoryData<string, Action<AgentConfig>> BrokenConfigs() => new()
    {
        { "tunnels[1].name: \"tokyo--peer0\" is used by another tunnel", c => c.Tunnels[1].Name = "tokyo--peer0" },
        { "tunnels[0].name: required", c => c.Tunnels[0].Name = "" },
        { "listen_addresses[0]:", c => c.ListenAddresses.Add("203.0.113.300") },
        { "lan_subnets[1]:", c => c.LanSubnets.Add("198.18.1.0/33") },
        { "tunnels[1].remote_ts[0]:", c => c.Tunnels[1].RemoteTs[0] = "not-a-prefix" },
        { "tunnels[0].remote_address: \"bad address!\"", c => c.Tunnels[0].RemoteAddress = "bad address!" },
        { "tunnels[0].remote_address: required when this side initiates", c => c.Tunnels[0].RemoteAddress = "" },
        { "tunnels[0].ike_proposals: at least one proposal", c => c.Tunnels[0].IkeProposals.Clear() },
        { "tunnels[0].child_proposals: at least one proposal", c => c.Tunnels[0].ChildProposals.Clear() },
        { "tunnels[0].ike_proposals[0]: \"3des-sha1-modp1024\"", c => c.Tunnels[0].IkeProposals[0] = "3des-sha1-modp1024" },
        { "tunnels[0].child_proposals[0]: \"aes256gcm16-prfsha256\"", c => c.Tunnels[0].ChildProposals[0] = "aes256gcm16-prfsha256" },
        { "tunnels[0].psk: required", c => c.Tunnels[0].Psk = "" },
        { "tunnels[0].auth: certificate authentication needs trust_anchors_pem", c => { c.Tunnels[0].Auth = AuthMethod.Certificate; c.Tunnels[0].Psk = ""; } },
        { "tunnels[0].ike_version: must be set", c => c.Tunnels[0].IkeVersion = IkeVersion.Unspecified },
        { "tunnels[0].mode: must be set", c => c.Tunnels[0].Mode = IpsecMode.Unspecified },
        { "tunnels[0].local_ts/remote_ts:", c => c.Tunnels[0].LocalTs.Clear() },
        { "tunnels[0].lifetimes:", c => c.Tunnels[0].Lifetimes = new Lifetimes { ChildSeconds = 600, RekeyMarginSeconds = 600 } },
        { "trust_anchors_pem:", c => c.TrustAnchorsPem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" },
        { "data_path.mtu:", c => c.DataPath = new DataPathSettings { Mtu = 100 } },
    };

    [Fact]
    public void AllErrorsAreReportedAtOnce()
    {
        var config = TestConfigs.Valid(1, tunnels: 2);
        config.Tunnels[0].RemoteTs[0] = "x";
        config.Tunnels[1].IkeProposals.Clear();
        config.LanSubnets.Add("y");

        Assert.Equal(3, AgentConfigValidator.Validate(config).Count);
    }

    [Fact]
    public void Errors_NeverContainThePsk()
    {
        var config = TestConfigs.Valid(1, tunnels: 2);
        config.Tunnels[0].Psk = "short-secret"; // too short: reported, but not echoed
        config.Tunnels[1].Auth = AuthMethod.Certificate; // PSK set on a certificate tunnel

        var errors = AgentConfigValidator.Validate(config);

        Assert.Equal(2, errors.Count(e => e.Contains(".psk:", StringComparison.Ordinal) || e.Contains(".auth:", StringComparison.Ordinal)));
        Assert.DoesNotContain(errors, e => e.Contains("short-secret", StringComparison.Ordinal) || e.Contains(TestConfigs.Psk, StringComparison.Ordinal));
    }

    [Fact]
    public void ResponderWithDynamicPeer_NeedsNoRemoteAddress()
    {
        var config = TestConfigs.Valid(1);
        config.Tunnels[0].RemoteAddress = "";
        config.Tunnels[0].Initiator = false;

        Assert.Empty(AgentConfigValidator.Validate(config));
    }
}
