using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Udp;
using Kyoten.Esp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>Two engines over fake TUN/UDP/raw sockets: what goes in at one TUN comes out at the other.</summary>
public sealed class DataPathEngineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TwoSites _sites = new();

    public static TheoryData<IpsecProtocol, IpsecMode, bool> Variants => new()
    {
        { IpsecProtocol.Esp, IpsecMode.Tunnel, true },
        { IpsecProtocol.Esp, IpsecMode.Transport, true },
        { IpsecProtocol.Esp, IpsecMode.Tunnel, false },
        { IpsecProtocol.Esp, IpsecMode.Transport, false },
        { IpsecProtocol.Ah, IpsecMode.Tunnel, false },
        { IpsecProtocol.Ah, IpsecMode.Transport, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    internal void PacketsCrossInBothDirections(IpsecProtocol protocol, IpsecMode mode, bool udp)
    {
        _sites.Connect(protocol, mode, udp);
        bool transport = mode == IpsecMode.Transport;
        string a = transport ? TwoSites.WanA : "198.18.1.5";
        string b = transport ? TwoSites.WanB : "198.18.2.7";

        for (int i = 0; i < 5; i++)
        {
            byte[] ab = Udp(a, b, $"a to b #{i}");
            _sites.A.Tun.Inject(ab);
            AssertDelivered(ab, Take(_sites.B.Tun), headerRebuilt: transport && udp);

            byte[] ba = Udp(b, a, $"b to a #{i}");
            _sites.B.Tun.Inject(ba);
            AssertDelivered(ba, Take(_sites.A.Tun), headerRebuilt: transport && udp);
        }

        if (protocol == IpsecProtocol.Esp)
        {
            // AH authenticates only; ESP must not show the payload on the wire.
            Assert.All(_sites.Network.Wire, datagram => Assert.DoesNotContain(" to ", System.Text.Encoding.ASCII.GetString(datagram)));
        }

        SaStatistics outbound = Assert.Single(_sites.A.Engine.GetSaStatistics(), s => !s.Inbound);
        Assert.Equal((0x1000u, 5L), (outbound.Spi, outbound.Packets));
        SaStatistics inbound = Assert.Single(_sites.B.Engine.GetSaStatistics(), s => s.Inbound);
        Assert.Equal((0x1000u, 5L), (inbound.Spi, inbound.Packets));
        Assert.Null(_sites.A.Engine.Fault);
        Assert.Null(_sites.B.Engine.Fault);
    }

    [Theory]
    [InlineData(EspAlgorithm.ChaCha20Poly1305)]
    [InlineData(EspAlgorithm.AesCbc256HmacSha256)]
    [InlineData(EspAlgorithm.AesGcm128)]
    internal void OtherEspAlgorithms_CarryTraffic(EspAlgorithm algorithm)
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true, algorithm);
        byte[] packet = Udp("198.18.1.5", "198.18.2.7", "cipher check");

        _sites.A.Tun.Inject(packet);

        Assert.Equal(packet, Take(_sites.B.Tun));
    }

    [Fact]
    public void PacketOutsideEveryPolicy_IsDroppedNotSentInClear()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);

        _sites.A.Tun.Inject(Udp("198.18.1.5", "198.18.3.1", "nowhere"));
        _sites.A.Tun.Inject(Udp("198.18.1.5", "198.18.2.7", "marker"));

        Assert.Equal(Udp("198.18.1.5", "198.18.2.7", "marker"), Take(_sites.B.Tun));
        Assert.Equal(1, _sites.A.Engine.GetStatistics().DropCount(DropReason.NoPolicy));
        Assert.Single(_sites.Network.Wire);
    }

    [Fact]
    public void PolicyWithoutSa_DropsInsteadOfLeaking()
    {
        _sites.A.Engine.SetPolicies("to-b", [TwoSites.LanA], [TwoSites.LanB]);
        _sites.A.Tun.Inject(Udp("198.18.1.5", "198.18.2.7", "secret"));
        _sites.A.Tun.Inject([0x45, 0, 0]); // and one that is not IP at all

        WaitFor(() => _sites.A.Engine.GetStatistics().DropCount(DropReason.NoSa) == 1
            && _sites.A.Engine.GetStatistics().DropCount(DropReason.Malformed) == 1);
        Assert.Empty(_sites.Network.Wire);
    }

    [Fact]
    public void Rekey_IsMakeBeforeBreak()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        byte[] packet = Udp("198.18.1.5", "198.18.2.7", "before");
        _sites.A.Tun.Inject(packet);
        Assert.Equal(packet, Take(_sites.B.Tun));

        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true, spiAb: 0x1001, spiBa: 0x2001);
        _sites.A.Tun.Inject(packet);
        Assert.Equal(packet, Take(_sites.B.Tun));

        Assert.True(_sites.A.Engine.RemoveSa("to-b", 0x2000, 0x1000));
        Assert.True(_sites.B.Engine.RemoveSa("to-a", 0x1000, 0x2000));
        _sites.A.Tun.Inject(packet);
        _sites.B.Tun.Inject(Udp("198.18.2.7", "198.18.1.5", "back"));

        Assert.Equal(packet, Take(_sites.B.Tun));
        Assert.Equal(Udp("198.18.2.7", "198.18.1.5", "back"), Take(_sites.A.Tun));
        Assert.Equal([0x1001u, 0x2001u], _sites.A.Engine.GetSaStatistics().Select(s => s.Spi).Order());
        SaStatistics newOutbound = Assert.Single(_sites.A.Engine.GetSaStatistics(), s => !s.Inbound);
        Assert.Equal(2, newOutbound.Packets);
        Assert.False(_sites.A.Engine.RemoveSa("to-b", 0x2000, 0x1000));
    }

    [Fact]
    public void OldInboundSa_StillDecryptsUntilRemoved()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        // Only A gets the new pair: B keeps sending with the old SPI 0x2000, which A must still accept.
        _sites.A.Engine.InstallSa(NewSa(0x2001), NewSa(0x1001), "to-b", new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500), true);
        byte[] packet = Udp("198.18.2.7", "198.18.1.5", "old spi");

        _sites.B.Tun.Inject(packet);

        Assert.Equal(packet, Take(_sites.A.Tun));
    }

    [Fact]
    public void InstallingAnInboundSpiTwice_IsRefused_AndTheTunnelKeepsWorking()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        var peer = new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500);

        Assert.Throws<ArgumentException>(() => _sites.A.Engine.InstallSa(NewSa(0x2000), NewSa(0x1005), "to-b", peer, true));

        byte[] packet = Udp("198.18.1.5", "198.18.2.7", "still fine");
        _sites.A.Tun.Inject(packet);
        Assert.Equal(packet, Take(_sites.B.Tun));
    }

    [Fact]
    public void AhOverUdp_IsRefused()
    {
        var ah = new SaParameters { Spi = 0x3000, Protocol = IpsecProtocol.Ah, IntegrityKey = new byte[32] };

        Assert.Throws<ArgumentException>(() => _sites.A.Engine.InstallSa(ah, ah, "to-b", new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500), true));
    }

    [Fact]
    public void IkeDatagrams_TravelBehindTheNonEspMarker()
    {
        var received = new System.Collections.Concurrent.BlockingCollection<IkeDatagram>();
        _sites.B.Engine.IkeDatagramReceived += received.Add;
        byte[] ike = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x20, 0x22, 0x08];

        _sites.A.Engine.SendIke(new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500), ike);

        Assert.True(received.TryTake(out IkeDatagram? datagram, Patience));
        Assert.Equal(ike, datagram.Message.ToArray());
        Assert.Equal(new IPEndPoint(IPAddress.Parse(TwoSites.WanA), 4500), datagram.Remote);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500), datagram.Local);
        byte[] wire = Assert.Single(_sites.Network.Wire);
        Assert.Equal([0, 0, 0, 0], wire[..4]);
    }

    [Fact]
    public void Keepalives_AreSentEveryTwentySecondsPerUdpPeer()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);

        _sites.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(_sites.Network.Wire);
        _sites.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _sites.Network.Wire.Count);
        Assert.All(_sites.Network.Wire, d => Assert.Equal([UdpEncapsulation.KeepaliveByte], d));
        WaitFor(() => _sites.B.Engine.GetStatistics().KeepalivesReceived == 1);
        Assert.Equal(1, _sites.A.Engine.GetStatistics().KeepalivesSent);
    }

    [Fact]
    public void GarbageOn4500_IsCountedAndValidTrafficStillFlows()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        var random = new Random(4500);
        FakeDatagramSocket attacker = _sites.Network.Udp("203.0.113.66", 4500);
        for (int i = 0; i < 200; i++)
        {
            byte[] junk = new byte[random.Next(0, 1600)];
            random.NextBytes(junk);
            if (i % 2 == 0 && junk.Length >= 8)
            {
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = 0x10;
                junk[3] = 0; // the real SPI 0x00001000: forged ESP must fail authentication
            }

            attacker.SendTo(junk, _sites.B.Udp.LocalEndPoint);
            if (i % 20 == 0)
            {
                byte[] packet = Udp("198.18.1.5", "198.18.2.7", $"valid {i}");
                _sites.A.Tun.Inject(packet);
                Assert.Equal(packet, Take(_sites.B.Tun));
            }
        }

        // A datagram is counted as received before it is processed: wait until every junk datagram
        // is accounted for (dropped by reason, or taken as IKE or keepalive), then check the sums.
        static long Accounted(DataPathStatistics s) => s.DropCount(DropReason.Malformed) + s.DropCount(DropReason.UnknownSpi)
            + s.DropCount(DropReason.UnprotectFailed) + s.IkeDatagramsReceived + s.KeepalivesReceived;
        WaitFor(() => _sites.B.Engine.GetStatistics() is { DatagramsReceived: 210 } s && Accounted(s) >= 200);
        DataPathStatistics stats = _sites.B.Engine.GetStatistics();
        Assert.Equal(210, stats.DatagramsReceived);
        Assert.Equal(200, Accounted(stats));
        Assert.True(stats.DropCount(DropReason.UnprotectFailed) >= 90, $"forged ESP counted: {stats.DropCount(DropReason.UnprotectFailed)}");
        Assert.Equal(10, stats.PacketsToTun);
    }

    [Fact]
    public void TooBigWithDontFragment_GetsIcmpFragmentationNeeded()
    {
        using var sites = new TwoSites(wanMtu: 1000);
        sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        byte[] big = Udp("198.18.1.5", "198.18.2.7", new string('x', 1200));

        sites.A.Tun.Inject(big);

        byte[] icmp = Take(sites.A.Tun);
        Assert.Equal(1, icmp[9]);                                           // ICMP
        Assert.Equal((3, 4), (icmp[20], icmp[21]));                         // frag needed, DF set
        int mtu = (icmp[26] << 8) | icmp[27];
        Assert.InRange(mtu, 900, 1000 - 28 - 8 - 8 - 16);                  // room left after IP+UDP+ESP+IV+ICV
        Assert.Equal(IPAddress.Parse("198.18.1.5"), new IPAddress(icmp.AsSpan(16, 4)));
        Assert.Equal(big[..28], icmp[28..56]);                              // quotes the original header + 8 octets
        Assert.True(PacketFactory.IPv4HeaderChecksumValid(icmp));
        Assert.Empty(sites.Network.Wire);
        Assert.Equal(1, sites.A.Engine.GetStatistics().DropCount(DropReason.TooBig));
    }

    [Fact]
    public void TcpSyn_GetsItsMssClampedToWhatFitsTheTunnel()
    {
        using var sites = new TwoSites(wanMtu: 1000);
        sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        byte[] syn = PacketFactory.TcpV4(IPAddress.Parse("198.18.1.5"), IPAddress.Parse("198.18.2.7"), 1, 0x02, [], optionBytes: 4);
        new byte[] { 2, 4, 0x05, 0xB4 }.CopyTo(syn, 40); // MSS 1460 (RFC 793 §3.1 option kind 2)
        PacketFactory.SetPartialChecksum(syn, 20, 16, 6);
        Kyoten.Agent.DataPath.Tun.GsoSegmenter.CompleteChecksum(new Kyoten.Agent.DataPath.Tun.VirtioNetHeader(1, 0, 0, 0, 20, 16), syn);

        sites.A.Tun.Inject(syn);

        byte[] received = Take(sites.B.Tun);
        int expected = 1000 - SaOverhead.Compute(new SaParameters { Spi = 0x1000, EncryptionKey = new byte[36] }, outerIpv6: false, udpEncap: true) - 40;
        Assert.Equal(expected, (received[42] << 8) | received[43]);
        Assert.True(PacketFactory.TransportChecksumValid(received, 6));
    }

    [Fact]
    public void IPv6Lans_CrossAnIPv4Wan_AndOversizeGetsPacketTooBig()
    {
        using var sites = new TwoSites(wanMtu: 1000);
        TrafficSelector lanA = TrafficSelector.FromPrefix(IPAddress.Parse("2001:db8:1::"), 64);
        TrafficSelector lanB = TrafficSelector.FromPrefix(IPAddress.Parse("2001:db8:2::"), 64);
        sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true, lanA: lanA, lanB: lanB);
        IPAddress a = IPAddress.Parse("2001:db8:1::5");
        IPAddress b = IPAddress.Parse("2001:db8:2::7");
        byte[] small = PacketFactory.UdpV6(a, b, "v6 through v4"u8);

        sites.A.Tun.Inject(small);
        Assert.Equal(small, Take(sites.B.Tun));

        sites.A.Tun.Inject(PacketFactory.UdpV6(a, b, new byte[1100]));
        byte[] ptb = Take(sites.A.Tun);
        Assert.Equal((58, 2), (ptb[6], ptb[40]));                          // ICMPv6 Packet Too Big (RFC 4443 §3.2)
        Assert.Equal(a, new IPAddress(ptb.AsSpan(24, 16)));
        Assert.InRange(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ptb.AsSpan(44)), 800u, 1000u - 65);
        Assert.True(PacketFactory.TransportChecksumValid(ptb, 58));
    }

    public void Dispose() => _sites.Dispose();

    private static SaParameters NewSa(uint spi) => new()
    {
        Spi = spi,
        EspAlgorithm = EspAlgorithm.AesGcm256,
        EncryptionKey = new byte[36],
        LocalSelectors = [TwoSites.LanA],
        RemoteSelectors = [TwoSites.LanB],
    };

    /// <summary>
    /// UDP-encapsulated transport mode carries no IP header of its own: the receiver rebuilds it
    /// from the outer one (RFC 3948 §3.1.2), so identification, flags and TTL are the outer ones.
    /// </summary>
    private static void AssertDelivered(byte[] sent, byte[] received, bool headerRebuilt)
    {
        if (!headerRebuilt)
        {
            Assert.Equal(sent, received);
            return;
        }

        Assert.Equal(sent.Length, received.Length);
        Assert.Equal(sent[..4], received[..4]);
        Assert.Equal(sent[9], received[9]);
        Assert.Equal(sent[12..], received[12..]);
        Assert.True(PacketFactory.IPv4HeaderChecksumValid(received));
    }

    private static byte[] Udp(string source, string destination, string text) =>
        PacketFactory.UdpV4(IPAddress.Parse(source), IPAddress.Parse(destination), System.Text.Encoding.ASCII.GetBytes(text));

    private static byte[] Take(FakeTun tun)
    {
        Assert.True(tun.Written.TryTake(out byte[]? packet, Patience), "no packet came out of the TUN");
        return packet;
    }

    private static void WaitFor(Func<bool> condition) => TwoSites.WaitFor(condition, Patience);
}
