using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>A real TUN device inside a throwaway network namespace.</summary>
public sealed class TunDeviceTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create("tun");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KernelPacketRoutedToTheTun_IsReadWithValidChecksum(bool offloads)
    {
        using TunDevice tun = OpenTun(offloads);
        byte[] payload = "kyoten through the tun"u8.ToArray();

        _ns.RunInside(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return socket.SendTo(payload, new IPEndPoint(IPAddress.Parse("198.18.1.2"), 9));
        });
        var batch = new PacketBatch(8, 2048);
        Assert.True(ReadUdp(tun, batch, out PacketBuffer packet));

        Assert.Equal(offloads, tun.Offloads);
        Span<byte> data = packet.Data;
        Assert.Equal(IPAddress.Parse("198.18.1.2"), new IPAddress(data.Slice(16, 4)));
        Assert.Equal(payload, data[28..].ToArray());
        Assert.True(PacketFactory.TransportChecksumValid(data, 17));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PacketWrittenToTheTun_ReachesALocalSocket(bool offloads)
    {
        using TunDevice tun = OpenTun(offloads);
        using Socket receiver = _ns.RunInside(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse("198.18.1.1"), 6000));
            return socket;
        });
        byte[] packet = PacketFactory.UdpV4(IPAddress.Parse("198.18.1.2"), IPAddress.Parse("198.18.1.1"), "hello from the tunnel"u8);
        PacketFactory.SetPartialChecksum(packet, 20, 6, 17);
        Assert.True(Kyoten.Agent.DataPath.Tun.GsoSegmenter.CompleteChecksum(new VirtioNetHeader(1, 0, 0, 0, 20, 6), packet));
        byte[] buffer = new byte[64 + packet.Length];
        packet.CopyTo(buffer, 64);

        tun.Write(buffer, 64, packet.Length);

        byte[] received = new byte[100];
        receiver.ReceiveTimeout = 10_000;
        int n = receiver.Receive(received);
        Assert.Equal("hello from the tunnel", System.Text.Encoding.ASCII.GetString(received, 0, n));
    }

    [Fact]
    public async Task Stop_WakesABlockedRead()
    {
        using TunDevice tun = OpenTun(offloads: true);
        var batch = new PacketBatch(4, 2048);
        var reader = Task.Run(
            () =>
            {
                // The kernel may still send IPv6 router solicitations: read until stopped.
                int batches = 0;
                while (tun.ReadBatch(batch, 128))
                {
                    batches++;
                }

                return batches;
            },
            TestContext.Current.CancellationToken);

        tun.Stop();

        await reader.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(reader.IsCompletedSuccessfully);
    }

    public void Dispose() => _ns.Dispose();

    private TunDevice OpenTun(bool offloads)
    {
        TunDevice tun = _ns.RunInside(() => TunDevice.Open(new TunOptions("kyt0", 1400, offloads)));
        _ns.Exec("ip addr add 198.18.1.1/24 dev kyt0");
        return tun;
    }

    /// <summary>Reads until the UDP test datagram shows up (the kernel may also send IPv6 router solicitations).</summary>
    private static bool ReadUdp(TunDevice tun, PacketBatch batch, out PacketBuffer packet)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            Assert.True(tun.ReadBatch(batch, 128));
            for (int i = 0; i < batch.Count; i++)
            {
                Span<byte> data = batch[i].Data;
                if (data[0] >> 4 == 4 && data[9] == 17 && BinaryPrimitives.ReadUInt16BigEndian(data[22..]) == 9)
                {
                    packet = batch[i];
                    return true;
                }
            }
        }

        packet = null!;
        return false;
    }
}
