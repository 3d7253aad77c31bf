using System.Buffers.Binary;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath.Tun;

/// <summary>
/// Splits a TUN super-packet (TSO/USO, announced by a <see cref="VirtioNetHeader"/>) into
/// MTU-sized IP packets and completes their checksums, as a NIC would. With IFF_VNET_HDR the
/// kernel hands over up to 64 KB of one TCP stream in a single read, which is what lets one
/// read(2) feed a whole batch of encryptions.
/// </summary>
internal static class GsoSegmenter
{
    private const byte TcpFlagFin = 0x01;
    private const byte TcpFlagPsh = 0x08;
    private const byte TcpFlagCwr = 0x80;

    /// <summary>
    /// Writes segments <paramref name="firstSegment"/>… of <paramref name="packet"/> into
    /// <paramref name="batch"/> at <paramref name="headroom"/>; returns the index of the next
    /// segment still to write (equal to <paramref name="segmentCount"/> when done), or -1 when
    /// the super-packet is malformed.
    /// </summary>
    public static int Segment(
        VirtioNetHeader header, ReadOnlySpan<byte> packet, int firstSegment, PacketBatch batch, int headroom, out int segmentCount)
    {
        segmentCount = 0;
        if (!TryGetLayout(header, packet, out int transportStart, out int headersLength, out bool tcp))
        {
            return -1;
        }

        int payloadLength = packet.Length - headersLength;
        int mss = header.GsoSize;
        segmentCount = payloadLength == 0 ? 1 : (payloadLength + mss - 1) / mss;
        int i = firstSegment;
        for (; i < segmentCount; i++)
        {
            PacketBuffer? buffer = batch.TryAdd();
            if (buffer is null)
            {
                return i;
            }

            int start = i * mss;
            int length = Math.Min(mss, payloadLength - start);
            if (headersLength + length > buffer.Capacity - headroom)
            {
                batch.Count--;
                return -1;
            }

            Span<byte> segment = buffer.Memory.AsSpan(headroom, headersLength + length);

            packet[..headersLength].CopyTo(segment);
            packet.Slice(headersLength + start, length).CopyTo(segment[headersLength..]);
            FixIpHeader(segment, transportStart, i);
            if (tcp)
            {
                FixTcpHeader(segment, transportStart, (uint)start, first: i == 0, last: i == segmentCount - 1);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment[(transportStart + 4)..], (ushort)(segment.Length - transportStart));
            }

            SetTransportChecksum(segment, transportStart, tcp ? 16 : 6, tcp ? (byte)6 : (byte)17);
            buffer.Set(headroom, segment.Length);
        }

        return i;
    }

    /// <summary>Completes a CHECKSUM_PARTIAL packet: the field holds the pseudo-header sum.</summary>
    public static bool CompleteChecksum(VirtioNetHeader header, Span<byte> packet)
    {
        int field = header.ChecksumStart + header.ChecksumOffset;
        if (header.ChecksumStart >= packet.Length || field + 2 > packet.Length)
        {
            return false;
        }

        ushort checksum = InternetChecksum.Compute(packet[header.ChecksumStart..]);
        BinaryPrimitives.WriteUInt16BigEndian(packet[field..], checksum);
        return true;
    }

    private static bool TryGetLayout(VirtioNetHeader header, ReadOnlySpan<byte> packet, out int transportStart, out int headersLength, out bool tcp)
    {
        transportStart = header.ChecksumStart;
        headersLength = 0;
        byte gso = (byte)(header.GsoType & ~VirtioNetHeader.GsoEcn);
        tcp = gso is VirtioNetHeader.GsoTcpV4 or VirtioNetHeader.GsoTcpV6;
        bool udp = gso == VirtioNetHeader.GsoUdpL4;
        if ((!tcp && !udp) || header.GsoSize == 0 || packet.Length < 20)
        {
            return false;
        }

        int version = packet[0] >> 4;
        int minimumIpHeader = version == 4 ? (packet[0] & 0xF) * 4 : 40;
        if ((version != 4 && version != 6) || transportStart < minimumIpHeader || transportStart + 20 > packet.Length)
        {
            return false;
        }

        int transportHeader = tcp ? (packet[transportStart + 12] >> 4) * 4 : 8;
        headersLength = transportStart + transportHeader;
        return transportHeader >= 8 && headersLength <= packet.Length;
    }

    private static void FixIpHeader(Span<byte> segment, int transportStart, int index)
    {
        if (segment[0] >> 4 == 4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(segment[2..], (ushort)segment.Length);
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(segment[4..]);
            BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)(id + index));
            InternetChecksum.RewriteIPv4Header(segment[..((segment[0] & 0xF) * 4)]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)(segment.Length - 40));
        }
    }

    private static void FixTcpHeader(Span<byte> segment, int tcpStart, uint payloadOffset, bool first, bool last)
    {
        Span<byte> tcp = segment[tcpStart..];
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) + payloadOffset);
        if (!last)
        {
            tcp[13] &= unchecked((byte)~(TcpFlagFin | TcpFlagPsh));
        }

        if (!first)
        {
            tcp[13] &= unchecked((byte)~TcpFlagCwr);
        }
    }

    private static void SetTransportChecksum(Span<byte> segment, int transportStart, int checksumOffset, byte protocol)
    {
        Span<byte> transport = segment[transportStart..];
        transport[checksumOffset] = 0;
        transport[checksumOffset + 1] = 0;
        bool v6 = segment[0] >> 4 == 6;
        ReadOnlySpan<byte> source = v6 ? segment.Slice(8, 16) : segment.Slice(12, 4);
        ReadOnlySpan<byte> destination = v6 ? segment.Slice(24, 16) : segment.Slice(16, 4);
        ulong sum = InternetChecksum.PseudoHeader(source, destination, protocol, transport.Length);
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Accumulate(sum, transport));
        if (protocol == 17 && checksum == 0)
        {
            checksum = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(transport[checksumOffset..], checksum);
    }
}
