using System.Buffers.Binary;
using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

public sealed class TcpCoalescerTests
{
    private const int Room = 64;
    private static readonly IPAddress A = IPAddress.Parse("198.18.1.1");
    private static readonly IPAddress B = IPAddress.Parse("198.18.2.1");

    [Fact]
    public void InOrderSegmentsOfOneFlow_BecomeASuperPacketThatSegmentsBackToTheOriginals()
    {
        byte[][] originals = Segments(1000, count: 5, lastLength: 400, optionBytes: 12);
        TunWriteBatch batch = Batch(originals);

        int end = TcpCoalescer.GroupEnd(batch, 0, out int mss);
        VirtioNetHeader header = TcpCoalescer.PrepareHead(batch, 0, end, mss);

        Assert.Equal((5, 1000), (end, mss));
        Assert.Equal(VirtioNetHeader.GsoTcpV4, header.GsoType);
        Assert.Equal((20, 16, 52), (header.ChecksumStart, header.ChecksumOffset, header.HeaderLength));
        // What the kernel receives: head (rewritten headers + first payload) then the other payloads.
        byte[] super = [.. batch.Packet(0).ToArray(), .. originals.Skip(1).SelectMany(p => p[52..])];
        Assert.Equal(super.Length, BinaryPrimitives.ReadUInt16BigEndian(super.AsSpan(2)));
        Assert.True(PacketFactory.IPv4HeaderChecksumValid(super));
        var segments = new PacketBatch(8, 2048);
        GsoSegmenter.Segment(header, super, 0, segments, 0, out int count);
        Assert.Equal(5, count);
        for (int i = 0; i < 5; i++)
        {
            byte[] segment = segments[i].Data.ToArray();
            Assert.Equal(originals[i].AsSpan(20).ToArray(), segment.AsSpan(20).ToArray()); // TCP header, options, payload, checksum
            Assert.True(PacketFactory.TransportChecksumValid(segment, 6));
        }
    }

    [Fact]
    public void SequenceGap_EndsTheRun()
    {
        byte[][] packets = Segments(1000, count: 4, lastLength: 1000);
        BinaryPrimitives.WriteUInt32BigEndian(packets[2].AsSpan(24), 999_999);
        Assert.Equal(2, TcpCoalescer.GroupEnd(Batch(packets), 0, out _));
    }

    [Fact]
    public void PushInTheMiddle_EndsTheRunAfterIt()
    {
        byte[][] packets = Segments(1000, count: 4, lastLength: 1000);
        packets[1][33] |= 0x08;
        Assert.Equal(2, TcpCoalescer.GroupEnd(Batch(packets), 0, out _));
    }

    [Fact]
    public void LongerSegmentAfterAShortOne_IsNotMerged()
    {
        byte[][] packets = [.. Segments(1000, count: 2, lastLength: 500), .. Segments(1000, count: 1, lastLength: 1000, firstSequence: 1500)];
        Assert.Equal(2, TcpCoalescer.GroupEnd(Batch(packets), 0, out _));
    }

    [Fact]
    public void OtherFlowsPureAcksAndSyns_StandAlone()
    {
        byte[] otherFlow = PacketFactory.TcpV4(A, IPAddress.Parse("198.18.2.2"), 1000, 0x10, new byte[1000]);
        byte[] pureAck = PacketFactory.TcpV4(A, B, 1000, 0x10, []);
        byte[] syn = PacketFactory.TcpV4(A, B, 1000, 0x02, new byte[10]);
        byte[] udp = PacketFactory.UdpV4(A, B, new byte[1000]);
        byte[][] first = Segments(1000, count: 1, lastLength: 1000);

        Assert.Equal(1, TcpCoalescer.GroupEnd(Batch([first[0], otherFlow]), 0, out _));
        Assert.Equal(1, TcpCoalescer.GroupEnd(Batch([pureAck, pureAck]), 0, out _));
        Assert.Equal(1, TcpCoalescer.GroupEnd(Batch([syn, syn]), 0, out _));
        Assert.Equal(1, TcpCoalescer.GroupEnd(Batch([udp, udp]), 0, out _));
    }

    [Fact]
    public void RunStopsBelow64KB()
    {
        byte[][] packets = Segments(1400, count: 60, lastLength: 1400);
        int end = TcpCoalescer.GroupEnd(Batch(packets), 0, out _);
        Assert.InRange(40 + ((end - 0) * 1400), 0, 65535);
        Assert.True(end < 60);
    }

    private static byte[][] Segments(int size, int count, int lastLength, int optionBytes = 0, uint firstSequence = 500)
    {
        var random = new Random(size + count);
        var packets = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            byte[] payload = new byte[i == count - 1 ? lastLength : size];
            random.NextBytes(payload);
            byte flags = (byte)(i == count - 1 ? 0x18 : 0x10);
            packets[i] = PacketFactory.TcpV4(A, B, firstSequence + (uint)(i * size), flags, payload, optionBytes, id: (ushort)(7 + i));
            PacketFactory.SetPartialChecksum(packets[i], 20, 16, 6);
            GsoSegmenter.CompleteChecksum(new VirtioNetHeader(1, 0, 0, 0, 20, 16), packets[i]);
        }

        return packets;
    }

    private static TunWriteBatch Batch(byte[][] packets)
    {
        var batch = new TunWriteBatch();
        foreach (byte[] packet in packets)
        {
            byte[] memory = new byte[Room + packet.Length];
            packet.CopyTo(memory, Room);
            batch.Add(memory, Room, packet.Length);
        }

        return batch;
    }
}
