using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Udp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>Real sockets on loopback inside a throwaway namespace.</summary>
public sealed class UdpBatchSocketTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create("udp");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchOfEqualDatagrams_ArrivesIntactAndInOrder(bool offloads)
    {
        (UdpBatchSocket sender, UdpBatchSocket receiver) = _ns.RunInside(() => (
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), offloads),
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.Loopback, 4500), offloads)));
        using (sender)
        using (receiver)
        {
            Assert.Equal(offloads, sender.GsoEnabled);
            Assert.Equal(offloads, receiver.GroEnabled);
            var outgoing = new PacketBatch(40, 2048);
            for (int i = 0; i < 40; i++)
            {
                PacketBuffer buffer = outgoing.TryAdd()!;
                int length = i == 39 ? 300 : 1200;
                buffer.Set(64, length);
                buffer.Data.Fill((byte)i);
                buffer.Peer = receiver.LocalEndPoint;
            }

            sender.Send(Enumerable.Range(0, 40).Select(i => outgoing[i]).ToArray());

            var received = new List<byte[]>();
            var batch = new DatagramBatch(8);
            while (received.Count < 40 && receiver.Receive(batch))
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    received.Add(batch.Segment(i).ToArray());
                    Assert.Equal(sender.LocalEndPoint, batch.Peer(i));
                }
            }

            Assert.Equal(40, received.Count);
            for (int i = 0; i < 40; i++)
            {
                Assert.Equal(i == 39 ? 300 : 1200, received[i].Length);
                Assert.All(received[i], b => Assert.Equal((byte)i, b));
            }

            Assert.Equal(0, sender.SendFailures);
        }
    }

    [Fact]
    public void GsoRunLargerThanTheMtu_IsSentOneByOneAndFragmented()
    {
        _ns.Exec("ip link set lo mtu 1500");
        (UdpBatchSocket sender, UdpBatchSocket receiver) = _ns.RunInside(() => (
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0)),
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0))));
        using (sender)
        using (receiver)
        {
            var outgoing = new PacketBatch(4, 4096);
            for (int i = 0; i < 4; i++)
            {
                PacketBuffer buffer = outgoing.TryAdd()!;
                buffer.Set(0, 2000);
                buffer.Data.Fill((byte)(i + 1));
                buffer.Peer = receiver.LocalEndPoint;
            }

            sender.Send(Enumerable.Range(0, 4).Select(i => outgoing[i]).ToArray());

            var lengths = new List<int>();
            var batch = new DatagramBatch(8);
            while (lengths.Count < 4 && receiver.Receive(batch))
            {
                lengths.AddRange(Enumerable.Range(0, batch.Count).Select(i => batch.Segment(i).Length));
            }

            Assert.Equal([2000, 2000, 2000, 2000], lengths);
            Assert.Equal(0, sender.SendFailures);
        }
    }

    [Fact]
    public void SendTo_And_IPv6_Work()
    {
        (UdpBatchSocket a, UdpBatchSocket b) = _ns.RunInside(() => (
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0)),
            UdpBatchSocket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0))));
        using (a)
        using (b)
        {
            a.SendTo([0xFF], b.LocalEndPoint);
            var batch = new DatagramBatch(4);

            Assert.True(b.Receive(batch));
            Assert.Equal(1, batch.Count);
            Assert.Equal(UdpPayloadKind.Keepalive, UdpEncapsulation.Classify(batch.Segment(0)));
            Assert.Equal(a.LocalEndPoint, batch.Peer(0));
            Assert.True(a.LocalEndPoint.IsIPv6);
        }
    }

    [Fact]
    public async Task Stop_WakesABlockedReceive()
    {
        using UdpBatchSocket socket = _ns.RunInside(() => UdpBatchSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0)));
        var batch = new DatagramBatch(4);
        var receiver = Task.Run(() => socket.Receive(batch), TestContext.Current.CancellationToken);

        socket.Stop();

        Assert.False(await receiver.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    public void Dispose() => _ns.Dispose();
}
