using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Interop;
using Kyoten.Agent.DataPath.Udp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

public sealed class DatagramBatchTests
{
    private static readonly NetEndpoint PeerA = NetEndpoint.FromIPEndPoint(new(System.Net.IPAddress.Parse("192.0.2.1"), 4500));
    private static readonly NetEndpoint PeerB = NetEndpoint.FromIPEndPoint(new(System.Net.IPAddress.Parse("192.0.2.2"), 4500));

    [Fact]
    public void GroMessage_SplitsAtGsoSize_LastSegmentShorter()
    {
        var batch = new DatagramBatch(4, 8192);
        for (int i = 0; i < 3500; i++)
        {
            batch.Messages[0].Memory[DatagramBatch.Headroom + i] = (byte)(i / 1000);
        }

        batch.SetMessage(0, 3500, PeerA, 1000);
        batch.SetMessage(1, 77, PeerB, 0);
        batch.Complete(2);

        Assert.Equal(5, batch.Count);
        Assert.Equal([1000, 1000, 1000, 500, 77], Enumerable.Range(0, 5).Select(i => batch.Segment(i).Length));
        Assert.All(Enumerable.Range(0, 4), i => Assert.True(batch.Segment(i).ToArray().All(b => b == i)));
        Assert.Equal(PeerA, batch.Peer(3));
        Assert.Equal(PeerB, batch.Peer(4));
    }

    [Fact]
    public void ManySmallSegments_GrowTheSegmentTable()
    {
        var batch = new DatagramBatch(1, 8192);
        batch.SetMessage(0, 8000, PeerA, 10);
        batch.Complete(1);

        Assert.Equal(800, batch.Count);
        batch.SegmentBuffer(799, out int offset, out int length);
        Assert.Equal((DatagramBatch.Headroom + 7990, 10), (offset, length));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, UdpPayloadKind.Keepalive)]
    [InlineData(new byte[] { 0x00 }, UdpPayloadKind.Malformed)]
    [InlineData(new byte[] { 0, 0, 0, 0, 1, 2, 3, 4, 5 }, UdpPayloadKind.Ike)]
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1 }, UdpPayloadKind.Esp)]
    [InlineData(new byte[] { 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 9, 1, 2 }, UdpPayloadKind.Esp)]
    [InlineData(new byte[] { 0x12, 0x34, 0x56, 0x78, 0, 0, 0 }, UdpPayloadKind.Malformed)]
    [InlineData(new byte[] { }, UdpPayloadKind.Malformed)]
    internal void NonEspMarker_Demultiplexes(byte[] payload, UdpPayloadKind expected) =>
        Assert.Equal(expected, UdpEncapsulation.Classify(payload));

    [Fact]
    public void GsoRuns_GroupEqualSizesToOnePeer_EndAtShorterPacket()
    {
        PacketBuffer[] packets =
        [
            Packet(100, PeerA), Packet(100, PeerA), Packet(100, PeerA), Packet(60, PeerA), // run of 4
            Packet(100, PeerA), Packet(100, PeerB),                                      // peer changes
            Packet(50, PeerB), Packet(80, PeerB),                                        // larger after shorter
        ];

        Assert.Equal(4, BatchSyscalls.RunLength(packets, 64));
        Assert.Equal(1, BatchSyscalls.RunLength(packets.AsSpan(4), 64));
        Assert.Equal(2, BatchSyscalls.RunLength(packets.AsSpan(5), 64));
        Assert.Equal(1, BatchSyscalls.RunLength(packets.AsSpan(7), 64));
        Assert.Equal(2, BatchSyscalls.RunLength(packets, 2));
    }

    [Fact]
    public void PacketBatch_HandsOutBuffersUntilFull()
    {
        var batch = new PacketBatch(2, 256);
        PacketBuffer? first = batch.TryAdd();
        PacketBuffer? second = batch.TryAdd();

        Assert.NotNull(first);
        Assert.NotSame(first, second);
        Assert.Null(batch.TryAdd());
        Assert.True(batch.IsFull);
        batch.Clear();
        Assert.Same(first, batch.TryAdd());
    }

    private static PacketBuffer Packet(int length, NetEndpoint peer)
    {
        var buffer = new PacketBuffer(256) { Peer = peer };
        buffer.Set(0, length);
        return buffer;
    }
}
