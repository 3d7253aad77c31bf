using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class IkeSaInitAndAuthTests
{
    [Fact]
    public void Psk_initial_exchanges_establish_the_ike_sa_and_the_first_child_sa()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), N(IKEV2_FRAGMENTATION_SUPPORTED) -->
        var initRequest = pair.Next(pair.A);
        Assert.Equal(ExchangeType.IkeSaInit, initRequest.Exchange);
        Assert.False(initRequest.IsResponse);
        pair.Deliver(initRequest);

        // <-- HDR, SA, KEr, Nr, N(NAT_D...), N(IKEV2_FRAGMENTATION_SUPPORTED)
        var initResponse = pair.Next(pair.B);
        Assert.Equal(ExchangeType.IkeSaInit, initResponse.Exchange);
        Assert.True(initResponse.IsResponse);
        pair.Deliver(initResponse);

        // HDR, SK {IDi, IDr, AUTH, N(INITIAL_CONTACT), SA2i, TSi, TSr} -->
        var authRequest = pair.Next(pair.A);
        Assert.Equal(ExchangeType.IkeAuth, authRequest.Exchange);
        Assert.Equal(1u, EnginePair.Header(authRequest).MessageId);
        pair.Deliver(authRequest);

        // <-- HDR, SK {IDr, AUTH, SA2r, TSi, TSr}
        var authResponse = pair.Next(pair.B);
        Assert.True(authResponse.IsResponse);
        pair.Deliver(authResponse);

        var upA = Assert.Single(pair.A.Events.OfType<IkeSaEstablished>());
        var upB = Assert.Single(pair.B.Events.OfType<IkeSaEstablished>());
        Assert.Equal(upA.InitiatorSpi, upB.InitiatorSpi);
        Assert.Equal(upA.ResponderSpi, upB.ResponderSpi);
        Assert.Equal(EncryptionAlgorithm.AesGcm16, upA.Algorithms.Encryption);
        Assert.Equal(256, upA.Algorithms.EncryptionKeyBits);
        Assert.Equal(KeyExchangeMethod.Curve25519, upB.Algorithms.KeyExchange);
        Assert.False(upA.NatDetected);
        pair.AssertChildSasMatch(1);
        var child = pair.A.Installed.Values.Single();
        Assert.Equal(ProtocolId.Esp, child.Protocol);
        Assert.Equal(ChildMode.Tunnel, child.Mode);
        Assert.Equal(36, child.OutboundEncryptionKey.Length); // AES-256 key + 4-octet salt (RFC 4106 §8.1)
        Assert.Equal("198.18.1.0", child.LocalTrafficSelectors[0].StartAddress.ToString());
        Assert.Equal("198.18.2.255", child.RemoteTrafficSelectors[0].EndAddress.ToString());
    }

    [Theory]
    [InlineData("aes128-sha256-ecp256", "aes128-sha256", "aes128-sha256-prfsha256-ecp256")]
    [InlineData("aes256-sha512-modp2048", "aes256-sha512", "aes256-sha512-prfsha512-modp2048")]
    [InlineData("chacha20poly1305-prfsha512-x25519", "chacha20poly1305", "chacha20poly1305-prfsha512-x25519")]
    [InlineData("aes128gcm16-prfsha384-ecp384", "aes128-sha384", "aes128gcm16-prfsha384-ecp384")]
    [InlineData("aes256gcm16-prfsha512-ecp521", "aes256gcm16", "aes256gcm16-prfsha512-ecp521")]
    [InlineData("aes256gcm16-prfsha512-x448", "aes256gcm16", "aes256gcm16-prfsha512-x448")]
    [InlineData("aes256-sha384-modp3072", "aes256-sha384", "aes256-sha384-prfsha384-modp3072")]
    [InlineData("aes256gcm16-prfsha256-modp4096", "aes256gcm16", "aes256gcm16-prfsha256-modp4096")]
    [InlineData("aes256gcm16-prfsha256-modp8192", "aes256gcm16", "aes256gcm16-prfsha256-modp8192")]
    public void Every_supported_suite_establishes(string ike, string child, string negotiated)
    {
        var pair = new EnginePair(a => a with { IkeProposals = [ike], ChildProposals = [child] }, b => b with { IkeProposals = [ike], ChildProposals = [child] });

        pair.Establish();

        pair.AssertChildSasMatch(1);
        Assert.Equal(negotiated, pair.A.Events.OfType<IkeSaEstablished>().Single().Algorithms.ToString());
        Assert.Equal(negotiated, pair.B.Events.OfType<IkeSaEstablished>().Single().Algorithms.ToString());
    }

    [Fact]
    public void Responder_picks_its_own_strongest_shared_proposal_and_asks_for_its_group()
    {
        // A lists the weaker suite first; B ranks the stronger one first and must get it.
        var pair = new EnginePair(
            a => a with { IkeProposals = ["aes128-sha256-ecp256", "aes256gcm16-prfsha384-x25519"], ChildProposals = ["aes128-sha256", "aes256gcm16"] },
            b => b with { IkeProposals = ["aes256gcm16-prfsha384-x25519", "aes128-sha256-ecp256"], ChildProposals = ["aes256gcm16", "aes128-sha256"] });
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi(ecp256), Ni -->
        pair.Deliver(pair.Next(pair.A));

        // <-- HDR, N(INVALID_KE_PAYLOAD, x25519)
        var invalidKe = pair.Next(pair.B);
        Assert.Equal(0ul, EnginePair.Header(invalidKe).ResponderSpi);
        pair.Deliver(invalidKe);

        // HDR, SA, KEi(x25519), Ni -->  and the rest
        pair.Pump();

        var up = pair.A.Events.OfType<IkeSaEstablished>().Single();
        Assert.Equal("aes256gcm16-prfsha384-x25519", up.Algorithms.ToString());
        Assert.Equal("aes256gcm16", pair.A.Events.OfType<ChildSaEstablished>().Single().Algorithms.ToString());
        Assert.Equal("aes256gcm16", pair.B.Events.OfType<ChildSaEstablished>().Single().Algorithms.ToString());
    }

    [Fact]
    public void No_shared_proposal_fails_on_both_sides()
    {
        var pair = new EnginePair(a => a with { IkeProposals = ["aes128-sha256-ecp256"] }, b => b with { IkeProposals = ["aes256gcm16-prfsha384-x25519"] });
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni -->   <-- HDR, N(NO_PROPOSAL_CHOSEN)
        pair.Pump();

        // Unauthenticated, so A keeps retrying until its retransmissions run out (RFC 7296 §2.21.1).
        Assert.DoesNotContain(pair.A.Events, e => e is Failed);
        pair.Run(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1));

        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("NoProposalChosen", StringComparison.Ordinal));
        Assert.DoesNotContain(pair.A.Events, e => e is IkeSaEstablished);
        Assert.Contains(pair.B.Events, e => e is Failed);
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Wrong_psk_is_refused_with_authentication_failed()
    {
        var pair = new EnginePair(configureB: b => b with { PreSharedKey = "another secret entirely, 32 b.."u8.ToArray() });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.B.Events, e => e is AuthFailed);
        Assert.Contains(pair.A.Events, e => e is AuthFailed);
        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Unexpected_responder_identity_is_refused()
    {
        var pair = new EnginePair(a => a with { RemoteId = IkeIdentity.Fqdn("someone-else.example") });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.A.Events, e => e is AuthFailed);
        Assert.Empty(pair.A.Installed);
    }

    [Fact]
    public void Traffic_selectors_are_narrowed_to_the_responder_policy()
    {
        var pair = new EnginePair(
            a => a with { LocalTrafficSelectors = ["198.18.0.0/16"], RemoteTrafficSelectors = ["198.18.0.0/15"] },
            b => b with { LocalTrafficSelectors = ["198.18.2.0/24"], RemoteTrafficSelectors = ["198.18.1.0/25"] });

        pair.Establish();

        var a = pair.A.Installed.Values.Single();
        Assert.Equal("198.18.1.0", a.LocalTrafficSelectors.Single().StartAddress.ToString());
        Assert.Equal("198.18.1.127", a.LocalTrafficSelectors.Single().EndAddress.ToString());
        Assert.Equal("198.18.2.255", a.RemoteTrafficSelectors.Single().EndAddress.ToString());
        var b = pair.B.Installed.Values.Single();
        Assert.Equal(a.LocalTrafficSelectors, b.RemoteTrafficSelectors);
    }

    [Fact]
    public void Disjoint_traffic_selectors_keep_the_ike_sa_but_refuse_the_child_sa()
    {
        var pair = new EnginePair(configureB: b => b with { RemoteTrafficSelectors = ["198.18.9.0/24"] });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.A.Events, e => e is IkeSaEstablished);
        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("TsUnacceptable", StringComparison.Ordinal));
        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
    }

    [Fact]
    public void Ipv6_endpoints_identities_and_selectors_work()
    {
        var a6 = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("2001:db8::1"), 500);
        var b6 = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("2001:db8::2"), 500);
        var pair = new EnginePair(
            a => a with { LocalEndPoint = a6, RemoteEndPoint = b6, LocalId = IkeIdentity.Address(a6.Address), RemoteId = IkeIdentity.Address(b6.Address), LocalTrafficSelectors = ["2001:db8:1::/48"], RemoteTrafficSelectors = ["2001:db8:2::/48"] },
            b => b with { LocalEndPoint = b6, RemoteEndPoint = a6, LocalId = IkeIdentity.Address(b6.Address), RemoteId = IkeIdentity.Address(a6.Address), LocalTrafficSelectors = ["2001:db8:2::/48"], RemoteTrafficSelectors = ["2001:db8:1::/48"] });

        pair.Establish();

        pair.AssertChildSasMatch(1);
        Assert.True(pair.A.Installed.Values.Single().RemoteTrafficSelectors.Single().IsIpv6);
        Assert.Equal(b6, pair.A.Installed.Values.Single().RemoteEndPoint);
    }

    [Fact]
    public void Transport_mode_is_used_when_both_ends_want_it()
    {
        var pair = new EnginePair(a => a with { Mode = ChildMode.Transport }, b => b with { Mode = ChildMode.Transport });

        pair.Establish();

        Assert.Equal(ChildMode.Transport, pair.A.Installed.Values.Single().Mode);
        Assert.Equal(ChildMode.Transport, pair.B.Installed.Values.Single().Mode);
    }

    [Fact]
    public void Transport_mode_refused_by_the_responder_leaves_no_half_child_sa()
    {
        var pair = new EnginePair(a => a with { Mode = ChildMode.Transport });
        pair.A.Engine.Initiate("to-b");

        // ... <-- HDR, SK {IDr, AUTH, SA2r, TSi, TSr}   (no USE_TRANSPORT_MODE: B installed a tunnel)
        // HDR, SK {D(ESP, SPI)} -->   <-- HDR, SK {D(ESP, SPI')}
        pair.Pump();

        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("transport", StringComparison.Ordinal));
        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Single(pair.B.Events.OfType<ChildSaDeleted>());
        Assert.Single(pair.A.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Transport_mode_through_nat_fails_with_the_reason_and_the_responder_answers_tunnel_mode()
    {
        var pair = new EnginePair(a => a with { Mode = ChildMode.Transport }, b => b with { Mode = ChildMode.Transport, RemoteEndPoint = new IPEndPoint(IPAddress.Any, 0) })
        {
            NatPublicA = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000),
        };
        // Hold A's Delete back, so what B installed stays visible.
        pair.Filter = p => !(p.From == pair.A && p.Exchange == ExchangeType.Informational);

        pair.A.Engine.Initiate("to-b");
        pair.Pump();

        // RFC 7296 §2.23.1 fix-ups are not done: no transport-mode SA may come up through a NAT,
        // where it would drop every packet. B (responder) declines transport mode (§1.3.1) ...
        Assert.Equal(ChildMode.Tunnel, pair.B.Installed.Values.Single().Mode);
        // ... and A (initiator), configured for transport, refuses the SA and says why.
        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("transport mode through NAT", StringComparison.Ordinal));
        Assert.Empty(pair.A.Installed);
        Assert.True(pair.A.Events.OfType<IkeSaEstablished>().Single().NatDetected);
    }

    [Fact]
    public void Transport_mode_through_nat_leaves_no_child_sa_on_either_side()
    {
        var pair = new EnginePair(a => a with { Mode = ChildMode.Transport }, b => b with { Mode = ChildMode.Transport, RemoteEndPoint = new IPEndPoint(IPAddress.Any, 0) })
        {
            NatPublicA = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000),
        };

        pair.A.Engine.Initiate("to-b");
        pair.Pump();

        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Single(pair.B.Events.OfType<ChildSaDeleted>());
        Assert.Single(pair.A.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Ah_child_sa_carries_integrity_keys_only()
    {
        var pair = new EnginePair(
            a => a with { ChildProtocol = ProtocolId.Ah, ChildProposals = ["sha256"] },
            b => b with { ChildProtocol = ProtocolId.Ah, ChildProposals = ["sha384", "sha256"] });

        pair.Establish();

        pair.AssertChildSasMatch(1);
        var child = pair.A.Installed.Values.Single();
        Assert.Equal(ProtocolId.Ah, child.Protocol);
        Assert.Empty(child.OutboundEncryptionKey);
        Assert.Equal(32, child.OutboundIntegrityKey.Length);
    }
}
