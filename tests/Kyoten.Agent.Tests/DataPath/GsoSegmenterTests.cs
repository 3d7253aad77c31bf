using System.Buffers.Binary;
using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

public sealed class GsoSegmenterTests
{
    private const int Headroom = 128;
    private static readonly IPAddress Source = IPAddress.Parse("198.18.1.1");
    private static readonly IPAddress Destination = IPAddress.Parse("198.18.2.1");

    [Fact]
    public void TcpV4SuperPacket_SplitsIntoMssSegmentsWithValidChecksums()
    {
        byte[] payload = RandomPayload(5000);
        byte[] super = PacketFactory.TcpV4(Source, Destination, 1_000_000, flags: 0x18 | 0x01, payload, optionBytes: 12);
        PacketFactory.SetPartialChecksum(super, 20, 16, 6);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 52, 1448, 20, 16);
        var batch = new PacketBatch(8, 2048);

        int next = GsoSegmenter.Segment(header, super, 0, batch, Headroom, out int count);

        Assert.Equal(4, count);
        Assert.Equal(4, next);
        Assert.Equal(4, batch.Count);
        var reassembled = new List<byte>();
        for (int i = 0; i < batch.Count; i++)
        {
            byte[] segment = batch[i].Data.ToArray();
            Assert.Equal(Headroom, batch[i].Offset);
            Assert.Equal(segment.Length, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(2)));
            Assert.Equal((ushort)(0x1234 + i), BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(4)));
            Assert.True(PacketFactory.IPv4HeaderChecksumValid(segment), $"IP checksum of segment {i}");
            Assert.True(PacketFactory.TransportChecksumValid(segment, 6), $"TCP checksum of segment {i}");
            Assert.Equal(1_000_000u + (uint)(i * 1448), BinaryPrimitives.ReadUInt32BigEndian(segment.AsSpan(24)));
            byte flags = segment[33];
            bool last = i == batch.Count - 1;
            Assert.Equal(last, (flags & 0x01) != 0); // FIN only on the last
            Assert.Equal(last, (flags & 0x08) != 0); // PSH only on the last
            Assert.Equal(i < 3 ? 52 + 1448 : 52 + (5000 - (3 * 1448)), segment.Length);
            reassembled.AddRange(segment.AsSpan(52).ToArray());
        }

        Assert.Equal(payload, reassembled.ToArray());
    }

    [Fact]
    public void TcpV6SuperPacket_SegmentsHaveValidChecksumsAndPayloadLength()
    {
        byte[] payload = RandomPayload(3000);
        byte[] super = PacketFactory.TcpV6(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"), 5, 0x10, payload);
        PacketFactory.SetPartialChecksum(super, 40, 16, 6);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV6, 60, 1200, 40, 16);
        var batch = new PacketBatch(8, 2048);

        GsoSegmenter.Segment(header, super, 0, batch, Headroom, out int count);

        Assert.Equal(3, count);
        for (int i = 0; i < count; i++)
        {
            byte[] segment = batch[i].Data.ToArray();
            Assert.Equal(segment.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(4)));
            Assert.True(PacketFactory.TransportChecksumValid(segment, 6), $"TCP checksum of segment {i}");
        }
    }

    [Fact]
    public void UdpL4SuperPacket_EachSegmentGetsOwnUdpLengthAndChecksum()
    {
        byte[] payload = RandomPayload(2500);
        byte[] super = PacketFactory.UdpV4(Source, Destination, payload);
        PacketFactory.SetPartialChecksum(super, 20, 6, 17);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoUdpL4, 28, 1000, 20, 6);
        var batch = new PacketBatch(8, 2048);

        GsoSegmenter.Segment(header, super, 0, batch, Headroom, out int count);

        Assert.Equal(3, count);
        for (int i = 0; i < count; i++)
        {
            byte[] segment = batch[i].Data.ToArray();
            Assert.Equal(segment.Length - 20, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(24)));
            Assert.True(PacketFactory.TransportChecksumValid(segment, 17));
            Assert.Equal(payload.AsSpan(i * 1000, segment.Length - 28).ToArray(), segment.AsSpan(28).ToArray());
        }
    }

    [Fact]
    public void SegmentationResumesWhenTheBatchFillsUp()
    {
        byte[] payload = RandomPayload(4000);
        byte[] super = PacketFactory.TcpV4(Source, Destination, 0, 0x10, payload);
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 40, 1000, 20, 16);
        var batch = new PacketBatch(3, 2048);

        int next = GsoSegmenter.Segment(header, super, 0, batch, Headroom, out int count);
        Assert.Equal((3, 4), (next, count));
        batch.Clear();
        next = GsoSegmenter.Segment(header, super, next, batch, Headroom, out _);

        Assert.Equal(4, next);
        Assert.Equal(1, batch.Count);
        Assert.Equal(3000u, BinaryPrimitives.ReadUInt32BigEndian(batch[0].Data[24..]));
        Assert.True(PacketFactory.TransportChecksumValid(batch[0].Data, 6));
    }

    [Theory]
    [InlineData(VirtioNetHeader.GsoTcpV4, 0, 20)]      // gso_size 0
    [InlineData(VirtioNetHeader.GsoTcpV4, 1000, 10)]   // csum_start inside the IP header
    [InlineData(VirtioNetHeader.GsoTcpV4, 1000, 2000)] // csum_start past the end
    [InlineData(VirtioNetHeader.GsoUdp, 1000, 20)]     // UFO is not offered
    public void MalformedHeader_IsRejected(byte gsoType, ushort gsoSize, ushort checksumStart)
    {
        byte[] super = PacketFactory.TcpV4(Source, Destination, 0, 0x10, RandomPayload(3000));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, gsoType, 40, gsoSize, checksumStart, 16);
        var batch = new PacketBatch(8, 2048);

        Assert.Equal(-1, GsoSegmenter.Segment(header, super, 0, batch, Headroom, out _));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void SegmentLargerThanBuffer_IsRejected()
    {
        byte[] super = PacketFactory.TcpV4(Source, Destination, 0, 0x10, RandomPayload(6000));
        var header = new VirtioNetHeader(VirtioNetHeader.FlagNeedsChecksum, VirtioNetHeader.GsoTcpV4, 40, 3000, 20, 16);
        var batch = new PacketBatch(8, 2048);

        Assert.Equal(-1, GsoSegmenter.Segment(header, super, 0, batch, Headroom, out _));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void CompleteChecksum_FinishesPartialTcpChecksum()
    {
        byte[] packet = PacketFactory.TcpV4(Source, Destination, 9, 0x18, RandomPayload(333));
        PacketFactory.SetPartialChecksum(packet, 20, 16, 6);
        Assert.False(PacketFactory.TransportChecksumValid(packet, 6));

        Assert.True(GsoSegmenter.CompleteChecksum(new VirtioNetHeader(1, 0, 0, 0, 20, 16), packet));

        Assert.True(PacketFactory.TransportChecksumValid(packet, 6));
    }

    [Fact]
    public void VirtioNetHeader_RoundTrips()
    {
        var header = new VirtioNetHeader(1, VirtioNetHeader.GsoTcpV6, 74, 1428, 40, 16);
        byte[] bytes = new byte[VirtioNetHeader.Size];
        header.Write(bytes);

        Assert.True(VirtioNetHeader.TryRead(bytes, out VirtioNetHeader read));
        Assert.Equal(header, read);
        Assert.False(VirtioNetHeader.TryRead(bytes.AsSpan(0, 9), out _));
    }

    private static byte[] RandomPayload(int length)
    {
        byte[] payload = new byte[length];
        new Random(length).NextBytes(payload);
        return payload;
    }
}
