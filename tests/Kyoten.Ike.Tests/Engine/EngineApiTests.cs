using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class EngineApiTests
{
    [Fact]
    public void Status_shows_states_spis_algorithms_times_and_child_sas()
    {
        var pair = new EnginePair(a => a with { IkeLifetime = TimeSpan.FromHours(4), RekeyMargin = TimeSpan.FromMinutes(9) });
        pair.Establish();

        var status = pair.A.Engine.GetStatus().Peers.Single();
        var ike = status.IkeSas.Single();
        var child = ike.Children.Single();
        var up = pair.A.Events.OfType<IkeSaEstablished>().Single();

        Assert.Equal("to-b", status.Name);
        Assert.Equal(IkeSaState.Established, ike.State);
        Assert.Equal(up.InitiatorSpi, ike.InitiatorSpi);
        Assert.True(ike.IsInitiator);
        Assert.Equal("aes256gcm16-prfsha256-x25519", ike.Algorithms!.ToString());
        Assert.Equal(pair.Time.GetUtcNow(), ike.EstablishedAt);
        Assert.Equal(pair.Time.GetUtcNow() + TimeSpan.FromHours(4) - TimeSpan.FromMinutes(9), ike.NextRekey);
        Assert.Equal(pair.A.Installed.Keys.Single(), child.InboundSpi);
        Assert.Equal("aes256gcm16", child.Algorithms.ToString());
        Assert.Equal(ProtocolId.Esp, child.Protocol);
        Assert.Equal("Installed", child.State);
    }

    [Fact]
    public void Timer_is_armed_for_the_earliest_deadline()
    {
        var pair = new EnginePair(a => a with { DpdInterval = TimeSpan.FromSeconds(30) });
        pair.Establish();

        Assert.Equal(pair.Time.GetUtcNow() + TimeSpan.FromSeconds(30), pair.A.ArmedAt);
    }

    [Theory]
    [InlineData("aes256gcm16-prfsha256", "aes256gcm16")]
    [InlineData("aes256gcm16-prfsha256-x25519", "aes256")]
    [InlineData("rot13-x25519", "aes256gcm16")]
    public void Unusable_proposals_are_refused_when_the_peer_is_added(string ike, string child)
    {
        var engine = new IkeEngine(new IkeEngineOptions(), new FakeTimeProvider());
        var peer = new PeerConfig
        {
            Name = "p",
            LocalEndPoint = EnginePair.AddressA,
            RemoteEndPoint = EnginePair.AddressB,
            LocalId = IkeIdentity.Fqdn("a.example"),
            PreSharedKey = EnginePair.Psk,
            IkeProposals = [ike],
            ChildProposals = [child],
        };

        Assert.Throws<ArgumentException>(() => engine.AddPeer(peer));
    }

    [Fact]
    public void Peer_without_credentials_or_with_a_bad_selector_is_refused()
    {
        var engine = new IkeEngine(new IkeEngineOptions(), new FakeTimeProvider());
        var peer = new PeerConfig { Name = "p", LocalEndPoint = EnginePair.AddressA, RemoteEndPoint = EnginePair.AddressB, LocalId = IkeIdentity.Fqdn("a.example") };

        Assert.Throws<ArgumentException>(() => engine.AddPeer(peer));
        Assert.Throws<ArgumentException>(() => engine.AddPeer(peer with { PreSharedKey = EnginePair.Psk, LocalTrafficSelectors = ["198.18.1.0/33"] }));
        Assert.Throws<ArgumentException>(() => engine.Initiate("nobody"));
    }
}
