using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class NatCookieFragmentationTests
{
    [Fact]
    public void Nat_in_front_of_the_initiator_is_detected_and_ike_floats_to_port_4500()
    {
        var pair = new EnginePair(configureB: b => b with { RemoteEndPoint = new IPEndPoint(IPAddress.Any, 0) })
        {
            NatPublicA = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000),
        };
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP) -->  (source rewritten by the NAT)
        pair.Deliver(pair.Next(pair.A));
        pair.Deliver(pair.Next(pair.B));

        // HDR, SK {IDi, AUTH, SA2i, TSi, TSr} -->  now from port 4500 with the non-ESP marker
        var auth = pair.Next(pair.A);
        Assert.Equal(4500, auth.Send.Local.Port);
        Assert.Equal(4500, auth.Send.Remote.Port);
        Assert.Equal([0, 0, 0, 0], auth.Send.Datagram[..4]);
        pair.Deliver(auth);
        pair.Pump();

        Assert.True(pair.A.Events.OfType<IkeSaEstablished>().Single().NatDetected);
        Assert.True(pair.B.Events.OfType<IkeSaEstablished>().Single().NatDetected);
        pair.AssertChildSasMatch(1);
        var b = pair.B.Installed.Values.Single();
        Assert.True(b.UdpEncapsulation);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40001), b.RemoteEndPoint);
        Assert.True(pair.A.Installed.Values.Single().UdpEncapsulation);

        // RFC 3948 §2.3: A, behind the NAT, keeps the mapping alive with 0xFF every 20 s; B ignores them.
        pair.Advance(TimeSpan.FromSeconds(20));
        Assert.Contains(pair.Wire, p => p.From == pair.A && p.Send.Datagram is [0xFF]);
        Assert.DoesNotContain(pair.Wire, p => p.From == pair.B && p.Send.Datagram is [0xFF]);
        Assert.Equal(0, pair.B.Engine.Counters.Malformed);
    }

    [Fact]
    public void A_new_nat_mapping_seen_by_the_data_path_moves_the_responders_ike_sa_and_its_next_child_sas()
    {
        var pair = new EnginePair(configureB: b => b with { RemoteEndPoint = new IPEndPoint(IPAddress.Any, 0) })
        {
            NatPublicA = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000),
        };
        pair.Establish();
        var moved = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50001);

        // The NAT in front of A rebooted; B's data path saw authenticated ESP from the new port.
        pair.NatPublicA = new IPEndPoint(moved.Address, 50000);
        Assert.Equal(1, pair.B.Engine.OnPeerMoved("to-a", moved));
        Assert.Equal(0, pair.B.Engine.OnPeerMoved("to-a", moved)); // already there

        // B's next exchange (a CHILD rekey it starts) goes to the new mapping, and so does the
        // CHILD SA it installs, instead of sending the data path back to the dead one.
        uint inbound = pair.B.Installed.Keys.Single();
        pair.B.Engine.RekeyChildSa("to-a", inbound);
        var request = pair.Next(pair.B);
        Assert.Equal(moved, request.Send.Remote);
        pair.Deliver(request);
        pair.Pump();
        pair.AssertChildSasMatch(1);
        Assert.Equal(moved, pair.B.Installed.Values.Single().RemoteEndPoint);
    }

    [Fact]
    public void A_moved_peer_without_a_nat_in_front_of_it_is_not_followed()
    {
        var pair = new EnginePair();
        pair.Establish();
        var original = pair.B.Installed.Values.Single().RemoteEndPoint;

        // Without NAT detection nothing may redirect the IKE SA: RFC 7296 §2.23 follows NATs only.
        Assert.Equal(0, pair.B.Engine.OnPeerMoved("to-a", new IPEndPoint(IPAddress.Parse("203.0.113.99"), 4500)));
        pair.B.Engine.RekeyChildSa("to-a", pair.B.Installed.Keys.Single());
        Assert.Equal(original.Address, pair.Next(pair.B).Send.Remote.Address);
    }

    [Fact]
    public void No_nat_keeps_port_500_and_plain_esp()
    {
        var pair = new EnginePair();

        pair.Establish();

        Assert.All(pair.Wire, p => Assert.Equal(500, p.Send.Local.Port));
        Assert.False(pair.A.Installed.Values.Single().UdpEncapsulation);
    }

    [Fact]
    public void Responder_under_load_demands_a_cookie_and_the_initiator_returns_it()
    {
        var pair = new EnginePair(options: new IkeEngineOptions { CookieThreshold = 0 });
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni -->
        pair.Deliver(pair.Next(pair.A));

        // <-- HDR, N(COOKIE)   (no state kept on B)
        var cookie = pair.Next(pair.B);
        Assert.Equal(0ul, EnginePair.Header(cookie).ResponderSpi);
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
        pair.Deliver(cookie);

        // HDR, N(COOKIE), SA, KEi, Ni -->
        var retry = pair.Next(pair.A);
        Assert.Equal(0u, EnginePair.Header(retry).MessageId);
        pair.Deliver(retry);
        pair.Pump();

        Assert.Equal(1, pair.B.Engine.Counters.CookiesSent);
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Flood_of_ike_sa_init_from_many_addresses_turns_on_cookies_and_stays_bounded()
    {
        var options = new IkeEngineOptions { CookieThreshold = 20, CookieThresholdPerSource = 3 };
        var pair = new EnginePair(options: options, configureB: b => b with { RemoteEndPoint = new IPEndPoint(IPAddress.Any, 0) });

        // A real IKE_SA_INIT request to replay from 500 spoofed sources with fresh SPIs.
        pair.A.Engine.Initiate("to-b");
        var template = pair.Next(pair.A).Send.Datagram;
        var local = EnginePair.AddressB;
        for (int i = 0; i < 500; i++)
        {
            var copy = (byte[])template.Clone();
            BitConverter.TryWriteBytes(copy.AsSpan(0, 8), 0x1000_0000_0000_0000UL + (ulong)i);
            var source = new IPEndPoint(new IPAddress([198, 18, (byte)(i / 250), (byte)(i % 250)]), 500);
            pair.B.Engine.OnDatagram(local, source, copy);
        }

        pair.Collect(pair.B);
        Assert.Equal(20, pair.B.Engine.GetStatus().Peers.Single().IkeSas.Count);
        Assert.Equal(480, pair.B.Engine.Counters.CookiesSent);

        // Many from one address: the per-source threshold asks for cookies sooner.
        var one = new PairedFlood(pair, new IPEndPoint(IPAddress.Parse("198.18.7.7"), 500), template);
        Assert.Equal(0, one.SendAndCountNewSas(5));

        // Half-open SAs time out and the responder is back to normal (A's own retransmissions kept off the wire).
        pair.Filter = _ => false;
        pair.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Large_ike_auth_is_fragmented_and_reassembled()
    {
        // Many selectors make IKE_AUTH larger than the 300-octet fragment size.
        var many = Enumerable.Range(0, 20).Select(i => (TrafficSelectorConfig)$"198.18.{i}.0/24").ToList();
        var pair = new EnginePair(
            a => a with { LocalTrafficSelectors = many, RemoteTrafficSelectors = ["198.19.0.0/16"] },
            b => b with { RemoteTrafficSelectors = ["198.18.0.0/16"], LocalTrafficSelectors = ["198.19.0.0/16"] },
            new IkeEngineOptions { FragmentSize = 300 });

        pair.Establish();

        var authRequests = pair.Wire.Where(p => p.Exchange == ExchangeType.IkeAuth && !p.IsResponse).ToList();
        Assert.True(authRequests.Count > 1, "IKE_AUTH should have been fragmented");
        Assert.All(authRequests, p => Assert.True(p.Send.Datagram.Length <= 300));
        Assert.All(authRequests, p => Assert.Equal(PayloadType.EncryptedFragment, EnginePair.Header(p).NextPayload));
        Assert.Equal(20, pair.B.Installed.Values.Single().RemoteTrafficSelectors.Count);
    }

    [Fact]
    public void Lost_fragment_is_recovered_by_retransmitting_all_fragments()
    {
        var many = Enumerable.Range(0, 20).Select(i => (TrafficSelectorConfig)$"198.18.{i}.0/24").ToList();
        var pair = new EnginePair(
            a => a with { LocalTrafficSelectors = many, RemoteTrafficSelectors = ["198.19.0.0/16"] },
            b => b with { RemoteTrafficSelectors = ["198.18.0.0/16"], LocalTrafficSelectors = ["198.19.0.0/16"] },
            new IkeEngineOptions { FragmentSize = 300 });
        bool dropped = false;
        pair.Filter = p =>
        {
            if (!dropped && p.Exchange == ExchangeType.IkeAuth && !p.IsResponse)
            {
                dropped = true;
                return false;
            }

            return true;
        };
        pair.A.Engine.Initiate("to-b");
        pair.Pump();
        Assert.Empty(pair.A.Installed);

        pair.Advance(TimeSpan.FromSeconds(4));

        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Crossing_fragmented_requests_reassemble_independently()
    {
        var manyA = Enumerable.Range(0, 20).Select(i => (TrafficSelectorConfig)$"198.18.{i}.0/24").ToList();
        var manyB = Enumerable.Range(0, 20).Select(i => (TrafficSelectorConfig)$"198.19.{i}.0/24").ToList();
        var pair = new EnginePair(
            a => a with { LocalTrafficSelectors = manyA, RemoteTrafficSelectors = ["198.19.0.0/16"] },
            b => b with { LocalTrafficSelectors = manyB, RemoteTrafficSelectors = ["198.18.0.0/16"] },
            new IkeEngineOptions { FragmentSize = 300 });
        pair.Establish();

        // HDR, SKF{1/n} {SA, Ni, TSi, TSr} -->  interleaved with  <-- HDR, SKF{1/m} {SA, Ni, TSi, TSr}
        pair.A.Engine.CreateChildSa("to-b");
        pair.B.Engine.CreateChildSa("to-a");
        pair.Collect(pair.A);
        pair.Collect(pair.B);
        Assert.True(pair.A.Outbox.Count > 1 && pair.B.Outbox.Count > 1);
        while (pair.A.Outbox.Count > 0 || pair.B.Outbox.Count > 0)
        {
            if (pair.A.Outbox.Count > 0)
            {
                pair.Deliver(pair.A.Outbox.Dequeue());
            }

            if (pair.B.Outbox.Count > 0)
            {
                pair.Deliver(pair.B.Outbox.Dequeue());
            }
        }

        pair.Pump();
        pair.AssertChildSasMatch(3);
    }

    /// <summary>Replays one IKE_SA_INIT from a single address with fresh SPIs.</summary>
    private sealed class PairedFlood(EnginePair pair, IPEndPoint source, byte[] template)
    {
        public int SendAndCountNewSas(int count)
        {
            int before = pair.B.Engine.GetStatus().Peers.Single().IkeSas.Count;
            for (int i = 0; i < count; i++)
            {
                var copy = (byte[])template.Clone();
                BitConverter.TryWriteBytes(copy.AsSpan(0, 8), 0x2000_0000_0000_0000UL + (ulong)i);
                pair.B.Engine.OnDatagram(EnginePair.AddressB, source, copy);
            }

            pair.Collect(pair.B);
            return pair.B.Engine.GetStatus().Peers.Single().IkeSas.Count - before;
        }
    }
}
