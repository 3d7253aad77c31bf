using System.Buffers.Binary;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath.Tun;

/// <summary>
/// The write-side mirror of <see cref="GsoSegmenter"/>: consecutive in-order segments of one TCP
/// flow become one super-packet announced by a virtio header (gso_type TCPV4/TCPV6, NEEDS_CSUM),
/// so the kernel runs its stack once per 64 KB instead of once per segment — what GRO does for a
/// NIC. Same rules as the kernel's tcp_gro_receive: equal headers apart from sequence number, the
/// same ACK and options, only ACK/PSH flags, PSH only on the last, every segment but the last of
/// equal size.
/// </summary>
internal static class TcpCoalescer
{
    /// <summary>Segments per super-packet (the kernel accepts more; 64 keeps one under 64 KB at MTU 1400).</summary>
    public const int MaxSegments = 64;

    private const byte FlagAck = 0x10;
    private const byte FlagPsh = 0x08;

    /// <summary>
    /// Returns the end (exclusive) of the run starting at <paramref name="first"/> that can be
    /// written as one super-packet; <paramref name="first"/> + 1 when it stands alone.
    /// </summary>
    public static int GroupEnd(TunWriteBatch batch, int first, out int segmentSize)
    {
        segmentSize = 0;
        if (!TryReadSegment(batch.Packet(first), out Segment head))
        {
            return first + 1;
        }

        segmentSize = head.PayloadLength;
        int total = head.Length;
        Segment previous = head;
        int end = first + 1;
        while (end < batch.Count && end - first < MaxSegments)
        {
            Span<byte> candidatePacket = batch.Packet(end);
            if (!TryReadSegment(candidatePacket, out Segment candidate)
                || (previous.Flags & FlagPsh) != 0
                || previous.PayloadLength != segmentSize
                || candidate.PayloadLength > segmentSize
                || candidate.Sequence != previous.Sequence + (uint)previous.PayloadLength
                || total + candidate.PayloadLength > ushort.MaxValue
                || !SameFlowAndHeaders(batch.Packet(first), head, candidatePacket, candidate))
            {
                break;
            }

            total += candidate.PayloadLength;
            previous = candidate;
            end++;
        }

        return end;
    }

    /// <summary>
    /// Turns the first packet of [first, end) into the header of the super-packet (lengths, PSH of the
    /// last segment, partial checksum) and returns the virtio header announcing it.
    /// </summary>
    public static VirtioNetHeader PrepareHead(TunWriteBatch batch, int first, int end, int segmentSize)
    {
        Span<byte> head = batch.Packet(first);
        TryReadSegment(head, out Segment h);
        int total = h.Length;
        for (int i = first + 1; i < end; i++)
        {
            TryReadSegment(batch.Packet(i), out Segment s);
            total += s.PayloadLength;
        }

        TryReadSegment(batch.Packet(end - 1), out Segment last);
        bool v4 = h.IpHeaderLength == IpPacket.IPv4HeaderLength && head[0] >> 4 == 4;
        if (v4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)total);
            InternetChecksum.RewriteIPv4Header(head[..h.IpHeaderLength]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(head[4..], (ushort)(total - IpPacket.IPv6HeaderLength));
        }

        Span<byte> tcp = head[h.IpHeaderLength..];
        tcp[13] |= (byte)(last.Flags & FlagPsh);
        // CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum; the kernel adds the rest.
        ReadOnlySpan<byte> source = v4 ? head.Slice(12, 4) : head.Slice(8, 16);
        ReadOnlySpan<byte> destination = v4 ? head.Slice(16, 4) : head.Slice(24, 16);
        ulong sum = InternetChecksum.PseudoHeader(source, destination, 6, total - h.IpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], (ushort)~InternetChecksum.Finish(sum));
        return new VirtioNetHeader(
            VirtioNetHeader.FlagNeedsChecksum,
            v4 ? VirtioNetHeader.GsoTcpV4 : VirtioNetHeader.GsoTcpV6,
            (ushort)(h.IpHeaderLength + h.TcpHeaderLength),
            (ushort)segmentSize,
            (ushort)h.IpHeaderLength,
            16);
    }

    private static bool SameFlowAndHeaders(ReadOnlySpan<byte> headPacket, in Segment head, ReadOnlySpan<byte> packet, in Segment candidate)
    {
        if (candidate.IpHeaderLength != head.IpHeaderLength || candidate.TcpHeaderLength != head.TcpHeaderLength)
        {
            return false;
        }

        bool v4 = headPacket[0] >> 4 == 4;
        if (v4)
        {
            // TOS, DF, TTL, protocol and both addresses.
            if (headPacket[1] != packet[1] || (headPacket[6] & 0x40) != (packet[6] & 0x40) || headPacket[8] != packet[8]
                || !headPacket.Slice(12, 8).SequenceEqual(packet.Slice(12, 8)))
            {
                return false;
            }
        }
        else if (!headPacket[..4].SequenceEqual(packet[..4]) || headPacket[7] != packet[7]
            || !headPacket.Slice(8, 32).SequenceEqual(packet.Slice(8, 32)))
        {
            return false;
        }

        ReadOnlySpan<byte> t1 = headPacket.Slice(head.IpHeaderLength, head.TcpHeaderLength);
        ReadOnlySpan<byte> t2 = packet.Slice(candidate.IpHeaderLength, candidate.TcpHeaderLength);
        // Ports, acknowledgment number and every option byte must match.
        return t1[..4].SequenceEqual(t2[..4]) && t1.Slice(8, 4).SequenceEqual(t2.Slice(8, 4)) && t1[20..].SequenceEqual(t2[20..]);
    }

    private static bool TryReadSegment(ReadOnlySpan<byte> packet, out Segment segment)
    {
        segment = default;
        if (packet.Length < IpPacket.IPv4HeaderLength + 20)
        {
            return false;
        }

        int ipHeader;
        if (packet[0] == 0x45)
        {
            // No options, TCP, not a fragment, total length exact.
            if (packet[9] != 6 || (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3FFF) != 0
                || BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) != packet.Length)
            {
                return false;
            }

            ipHeader = IpPacket.IPv4HeaderLength;
        }
        else if (packet[0] >> 4 == 6 && packet.Length >= IpPacket.IPv6HeaderLength + 20)
        {
            if (packet[6] != 6 || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) + IpPacket.IPv6HeaderLength != packet.Length)
            {
                return false;
            }

            ipHeader = IpPacket.IPv6HeaderLength;
        }
        else
        {
            return false;
        }

        int tcpHeader = (packet[ipHeader + 12] >> 4) * 4;
        byte flags = packet[ipHeader + 13];
        int payload = packet.Length - ipHeader - tcpHeader;
        if (tcpHeader < 20 || payload <= 0 || (flags & ~(FlagAck | FlagPsh)) != 0 || (flags & FlagAck) == 0)
        {
            return false;
        }

        segment = new Segment(ipHeader, tcpHeader, payload, packet.Length, flags, BinaryPrimitives.ReadUInt32BigEndian(packet[(ipHeader + 4)..]));
        return true;
    }

    private readonly record struct Segment(int IpHeaderLength, int TcpHeaderLength, int PayloadLength, int Length, byte Flags, uint Sequence);
}
