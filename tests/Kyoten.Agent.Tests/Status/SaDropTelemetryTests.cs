using System.Buffers.Binary;
using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.Ike;
using Kyoten.Agent.Runtime;
using Kyoten.Agent.Status;
using Kyoten.Agent.Tests.DataPath;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Esp;
using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Status;
using Kyoten.Ike.Transforms;
using IkeTrafficSelector = Kyoten.Ike.Payloads.TrafficSelector;
using IpsecMode = Kyoten.Esp.IpsecMode;
using IpsecProtocol = Kyoten.Esp.IpsecProtocol;
using WireChildStatus = Kyoten.Contracts.Agent.V1.ChildSaStatus;

namespace Kyoten.Agent.Tests.Status;

/// <summary>
/// Drops by reason reach the telemetry message and <c>kyoten-agent status</c> on the SA they hit:
/// two data paths over the fake WAN (site A → site B, SA 0x1000), a replayed and a tampered
/// datagram, and an unknown SPI from the peer, which belongs to the tunnel rather than an SA.
/// </summary>
public sealed class SaDropTelemetryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly TwoSites _sites = new();

    public void Dispose() => _sites.Dispose();

    [Fact]
    public void ReplayedTamperedAndUnknownSpi_ShowUpOnTheirSaAndTunnel()
    {
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        byte[] datagram = SendOneAtoB("first");
        byte[] tampered = (byte[])datagram.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(tampered.AsSpan(4), 1000); // RFC 4303 §2: sequence after the SPI; new, so only the ICV can catch it
        byte[] unknown = (byte[])datagram.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(unknown, 0xDEAD0001);
        var fromA = NetEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(TwoSites.WanA), 4500));
        var stranger = NetEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 4500));

        _sites.B.Udp.Enqueue(datagram, fromA);
        _sites.B.Udp.Enqueue(tampered, fromA);
        _sites.B.Udp.Enqueue(unknown, fromA);
        _sites.B.Udp.Enqueue(unknown, stranger);
        // B handles its socket in order: once this one is out of its TUN, the four above are counted.
        SendOneAtoB("last");

        TelemetryReport report = TelemetryBuilder.Build(
            Now,
            [("site-b--site-a", "to-a", TwoSites.WanA)],
            Snapshot("to-a", inboundSpi: 0x1000, outboundSpi: 0x2000),
            _sites.B.Engine.GetSaStatistics(),
            _sites.B.Engine.GetTunnelStatistics());

        TunnelStatus tunnel = Assert.Single(report.Tunnels);
        Assert.Equal(new DropCounters { UnknownSpi = 1 }, tunnel.Drops); // the stranger's is engine-wide only
        WireChildStatus child = Assert.Single(tunnel.ChildSas);
        Assert.Equal(new DropCounters { Replayed = 1, AuthFailed = 1 }, child.Drops);
        Assert.Equal(2UL, child.PacketsIn);
        Assert.Equal(2, _sites.B.Engine.GetStatistics().DropCount(DropReason.UnknownSpi));

        string status = StatusTableFormatter.Format(report, Now);
        Assert.Contains("drops outside any CHILD SA: unknown SPI 1", status, StringComparison.Ordinal);
        Assert.Contains("drops: unknown SPI 0, replayed 1, auth failed 1, malformed 0, policy mismatch 0", status, StringComparison.Ordinal);
        Assert.Matches(@"\s3\n", status.Split("\n\n")[0] + "\n"); // DROPS column of the summary row
    }

    [Fact]
    public void InnerPacketOutsideTheSelectors_IsAPolicyMismatchOnThatSa()
    {
        // A protects 198.18.0.0/16 → LAN B; B's SA accepts only LAN A (198.18.1.0/24) as source.
        var peerB = new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500);
        var peerA = new IPEndPoint(IPAddress.Parse(TwoSites.WanA), 4500);
        _sites.A.Engine.InstallSa(Sa(0x2000, "198.18.0.0/16", "198.18.2.0/24"), Sa(0x1000, "198.18.0.0/16", "198.18.2.0/24"), "to-b", peerB, udpEncapsulation: true);
        _sites.B.Engine.InstallSa(Sa(0x1000, "198.18.2.0/24", "198.18.1.0/24"), Sa(0x2000, "198.18.2.0/24", "198.18.1.0/24"), "to-a", peerA, udpEncapsulation: true);

        _sites.A.Tun.Inject(PacketFactory.UdpV4(IPAddress.Parse("198.18.7.5"), IPAddress.Parse("198.18.2.7"), "from elsewhere"u8));
        SendOneAtoB("in order");

        SaStatistics inbound = Assert.Single(_sites.B.Engine.GetSaStatistics(), s => s.Inbound);
        Assert.Equal((0x1000u, 1L, 1L, 0L, 0L), (inbound.Spi, inbound.PolicyMismatch, inbound.Drops, inbound.Replayed, inbound.AuthFailed));
    }

    private byte[] SendOneAtoB(string text)
    {
        int before = _sites.Network.Wire.Count;
        _sites.A.Tun.Inject(PacketFactory.UdpV4(IPAddress.Parse("198.18.1.5"), IPAddress.Parse("198.18.2.7"), System.Text.Encoding.ASCII.GetBytes(text)));
        Assert.True(_sites.B.Tun.Written.TryTake(out _, TimeSpan.FromSeconds(30)), "the packet never came out of B's TUN");
        return _sites.Network.Wire.Skip(before).Last();
    }

    private static SaParameters Sa(uint spi, string local, string remote) => new()
    {
        Spi = spi,
        EspAlgorithm = EspAlgorithm.AesGcm256,
        EncryptionKey = new byte[36],
        LocalSelectors = [Prefix(local)],
        RemoteSelectors = [Prefix(remote)],
    };

    private static Kyoten.Esp.TrafficSelector Prefix(string cidr) =>
        Kyoten.Esp.TrafficSelector.FromPrefix(IPAddress.Parse(cidr.Split('/')[0]), int.Parse(cidr.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture));

    private static DaemonSnapshot Snapshot(string enginePeer, uint inboundSpi, uint outboundSpi)
    {
        var child = new Kyoten.Ike.Status.ChildSaStatus(
            inboundSpi,
            outboundSpi,
            ProtocolId.Esp,
            ChildMode.Tunnel,
            new ChildAlgorithms(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, KeyExchangeMethod.None, false),
            [new IkeTrafficSelector(IPAddress.Parse("198.18.2.0"), IPAddress.Parse("198.18.2.255"))],
            [new IkeTrafficSelector(IPAddress.Parse("198.18.1.0"), IPAddress.Parse("198.18.1.255"))],
            Now,
            null,
            DateTimeOffset.MaxValue,
            "Installed");
        var ikeSa = new IkeSaStatus(
            IkeSaState.Established, 1, 2, false, null,
            new IPEndPoint(IPAddress.Parse(TwoSites.WanB), 4500), new IPEndPoint(IPAddress.Parse(TwoSites.WanA), 4500),
            false, Now, null, [child]);
        return new DaemonSnapshot(new IkeEngineStatus([new PeerStatus(enginePeer, [ikeSa])]), []);
    }
}
