using System.Buffers.Binary;

namespace Kyoten.Esp;

/// <summary>
/// Lowers the MSS option of TCP SYN segments so TCP never builds segments that no longer fit the tunnel
/// (the usual fix where ICMP "too big" is filtered). The checksum is patched incrementally (RFC 1624).
/// </summary>
public static class TcpMssClamp
{
    /// <summary>
    /// If <paramref name="ipPacket"/> is an unfragmented TCP SYN whose MSS option exceeds
    /// <paramref name="mss"/>, rewrites it in place and returns true. Anything else is left untouched.
    /// </summary>
    public static bool Apply(Span<byte> ipPacket, int mss)
    {
        if (!IpPacket.TryParse(ipPacket, out IpPacket packet) || packet.Protocol != 6 || packet.IsFragment)
        {
            return false;
        }

        Span<byte> tcp = ipPacket[packet.TransportOffset..packet.TotalLength];
        // RFC 9293 §3.1: Data Offset in the high nibble of octet 12, SYN = 0x02 in octet 13.
        if (tcp.Length < 20 || (tcp[13] & 0x02) == 0)
        {
            return false;
        }

        int headerLength = (tcp[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > tcp.Length)
        {
            return false;
        }

        Span<byte> options = tcp[20..headerLength];
        int i = 0;
        while (i < options.Length)
        {
            byte kind = options[i];
            if (kind == 0)
            {
                return false;
            }

            if (kind == 1)
            {
                i++;
                continue;
            }

            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length)
            {
                return false;
            }

            // RFC 9293 §3.2: MSS option = Kind 2, Length 4, 16-bit value.
            if (kind == 2 && options[i + 1] == 4)
            {
                return Rewrite(tcp, 20 + i + 2, (ushort)Math.Clamp(mss, 0, ushort.MaxValue));
            }

            i += options[i + 1];
        }

        return false;
    }

    private static bool Rewrite(Span<byte> tcp, int valueOffset, ushort mss)
    {
        ushort current = BinaryPrimitives.ReadUInt16BigEndian(tcp[valueOffset..]);
        if (current <= mss)
        {
            return false;
        }

        // The checksum sums 16-bit words at even offsets; after NOP padding the MSS value may straddle two.
        int first = valueOffset & ~1;
        int words = first == valueOffset ? 1 : 2;
        Span<ushort> before = stackalloc ushort[2];
        for (int w = 0; w < words; w++)
        {
            before[w] = BinaryPrimitives.ReadUInt16BigEndian(tcp[(first + (2 * w))..]);
        }

        BinaryPrimitives.WriteUInt16BigEndian(tcp[valueOffset..], mss);
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]);
        for (int w = 0; w < words; w++)
        {
            ushort after = BinaryPrimitives.ReadUInt16BigEndian(tcp[(first + (2 * w))..]);
            checksum = InternetChecksum.Update(checksum, before[w], after);
        }

        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], checksum);
        return true;
    }
}
