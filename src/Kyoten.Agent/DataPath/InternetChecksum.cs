using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// RFC 1071 one's-complement checksum. Sums 32-bit words in host order into a 64-bit
/// accumulator (RFC 1071 §2(B): the sum is byte-order independent) and swaps once at the end.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> (starting at an even offset of the summed region).</summary>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum = 0)
    {
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(data);
        foreach (uint word in words)
        {
            sum += word;
        }

        int rest = words.Length * 4;
        if (data.Length - rest >= 2)
        {
            sum += MemoryMarshal.Read<ushort>(data[rest..]);
            rest += 2;
        }

        if (rest < data.Length)
        {
            // A trailing odd byte is the high byte of a zero-padded network-order word, which is
            // the low byte in the little-endian view used here.
            sum += BitConverter.IsLittleEndian ? data[rest] : (ulong)data[rest] << 8;
        }

        return sum;
    }

    /// <summary>Adds a 16-bit value given in network order.</summary>
    public static ulong AddWord(ushort networkOrderValue, ulong sum) =>
        sum + (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(networkOrderValue) : networkOrderValue);

    /// <summary>Folds, complements and returns the checksum as a network-order value.</summary>
    public static ushort Finish(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        ushort folded = (ushort)~sum;
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded;
    }

    /// <summary>Sum of the TCP/UDP pseudo-header (RFC 793 §3.1, RFC 8200 §8.1).</summary>
    public static ulong PseudoHeader(ReadOnlySpan<byte> ipPacket, byte protocol, int transportLength)
    {
        bool v6 = ipPacket[0] >> 4 == 6;
        ReadOnlySpan<byte> addresses = v6 ? ipPacket.Slice(8, 32) : ipPacket.Slice(12, 8);
        ulong sum = Add(addresses);
        sum = AddWord(protocol, sum);
        return AddWord((ushort)transportLength, sum + (v6 ? AddWord((ushort)(transportLength >> 16), 0) : 0));
    }

    /// <summary>Recomputes the IPv4 header checksum in place.</summary>
    public static void SetIPv4HeaderChecksum(Span<byte> header)
    {
        header[10] = 0;
        header[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], Finish(Add(header)));
    }
}
