using System.Net;
using System.Text;
using Kyoten.Agent.Runtime;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;

namespace Kyoten.Agent.Tests.Runtime;

public sealed class PeerConfigMapperTests
{
    private static readonly RuntimeContext Context = new(IPAddress.Parse("192.0.2.1"), null, null);

    private static (AgentConfig Config, Contracts.Agent.V1.Tunnel Tunnel) Sample()
    {
        var tunnel = new Contracts.Agent.V1.Tunnel
        {
            Name = "a--b",
            RemoteAddress = "192.0.2.2",
            RemoteId = "b.sites.kyoten",
            Initiator = true,
            IkeVersion = IkeVersion.V2,
            Auth = Contracts.Agent.V1.AuthMethod.Psk,
            Psk = "sixteen-or-more-characters",
            Protocol = Contracts.Agent.V1.IpsecProtocol.Esp,
            Mode = Contracts.Agent.V1.IpsecMode.Tunnel,
            Lifetimes = new Lifetimes { IkeSeconds = 7200, ChildSeconds = 60 },
            DpdIntervalSeconds = 12,
            ReplayWindow = 256,
        };
        tunnel.IkeProposals.Add("aes256gcm16-prfsha256-x25519");
        tunnel.ChildProposals.Add("aes128gcm16");
        tunnel.LocalTs.Add("198.18.1.0/24");
        tunnel.RemoteTs.Add("198.18.2.0/24");
        var config = new AgentConfig { SiteName = "a", LocalId = "a.sites.kyoten" };
        config.Tunnels.Add(tunnel);
        return (config, tunnel);
    }

    [Fact]
    public void Psk_tunnel_maps_addresses_ids_proposals_selectors_and_lifetimes()
    {
        var (config, tunnel) = Sample();
        var errors = new List<string>();
        var mapped = PeerConfigMapper.TryMap(config, tunnel, "a--b#7", Context, errors);

        Assert.Empty(errors);
        var peer = mapped!.Peer;
        Assert.Equal("a--b", mapped.Name);
        Assert.Equal("a--b#7", peer.Name);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 500), peer.LocalEndPoint);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 500), peer.RemoteEndPoint);
        Assert.Equal(IkeIdentity.Fqdn("a.sites.kyoten"), peer.LocalId);
        Assert.Equal(IkeIdentity.Fqdn("b.sites.kyoten"), peer.RemoteId);
        Assert.Equal(Encoding.UTF8.GetBytes("sixteen-or-more-characters"), peer.PreSharedKey);
        Assert.Equal(["aes128gcm16"], peer.ChildProposals);
        Assert.Equal("198.18.2.0/24", Assert.Single(peer.RemoteTrafficSelectors).Cidr);
        Assert.Equal(ProtocolId.Esp, peer.ChildProtocol);
        Assert.Equal(TimeSpan.FromSeconds(60), peer.ChildLifetime);
        Assert.Equal(TimeSpan.FromSeconds(20), peer.RekeyMargin); // a third of the shorter lifetime
        Assert.True(peer.RekeyJitter > TimeSpan.Zero && peer.RekeyJitter < peer.RekeyMargin);
        Assert.Equal(TimeSpan.FromSeconds(12), peer.DpdInterval);
        Assert.True(peer.Initiator);
        Assert.Equal(256, mapped.Limits.ReplayWindow);
    }

    [Fact]
    public void Dynamic_peer_gets_any_address_and_transport_mode_protects_the_hosts()
    {
        var (config, tunnel) = Sample();
        tunnel.RemoteAddress = "";
        tunnel.Initiator = false;
        tunnel.Mode = Contracts.Agent.V1.IpsecMode.Transport;
        tunnel.LocalTs.Clear();
        var mapped = PeerConfigMapper.TryMap(config, tunnel, "x#1", Context, []);

        Assert.Equal(IPAddress.Any, mapped!.Peer.RemoteEndPoint.Address);
        Assert.Equal(ChildMode.Transport, mapped.Peer.Mode);
        Assert.Equal("192.0.2.1/32", Assert.Single(mapped.Peer.LocalTrafficSelectors).Cidr);
    }

    [Fact]
    public void Ikev1_and_certificate_without_enrollment_are_refused_without_echoing_the_psk()
    {
        var (config, tunnel) = Sample();
        tunnel.IkeVersion = IkeVersion.V1;
        var errors = new List<string>();
        Assert.Null(PeerConfigMapper.TryMap(config, tunnel, "x#1", Context, errors));
        tunnel.IkeVersion = IkeVersion.V2;
        tunnel.Auth = Contracts.Agent.V1.AuthMethod.Certificate;
        Assert.Null(PeerConfigMapper.TryMap(config, tunnel, "x#2", Context, errors));

        Assert.Equal(2, errors.Count);
        Assert.Contains("ike_version", errors[0], StringComparison.Ordinal);
        Assert.Contains("enroll", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Contains("sixteen-or-more", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("198.18.1.0", "198.18.1.255", "198.18.1.0/24")]
    [InlineData("198.18.1.7", "198.18.1.7", "198.18.1.7/32")]
    [InlineData("198.18.1.3", "198.18.1.9", "198.18.1.3-198.18.1.9")]
    [InlineData("0.0.0.0", "255.255.255.255", "0.0.0.0/0")]
    public void Selectors_are_shown_as_prefixes_when_they_are(string start, string end, string expected) =>
        Assert.Equal(expected, TelemetryBuilder.Format(new Kyoten.Ike.Payloads.TrafficSelector(IPAddress.Parse(start), IPAddress.Parse(end))));
}
