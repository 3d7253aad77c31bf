using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kyoten.Esp;

/// <summary>RFC 1071 Internet checksum and RFC 1624 incremental update.</summary>
public static class InternetChecksum
{
    private const int MaxVectorBlock = 32 * 32768;

    /// <summary>Adds the 16-bit big-endian words of <paramref name="data"/> to a running 32-bit sum (odd tail padded with 0).</summary>
    public static ulong Accumulate(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= 2 * Vector256<byte>.Count)
        {
            i = data.Length & ~(Vector256<byte>.Count - 1);
            sum += SwappedSum(data[..i]);
        }

        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (ulong)data[i] << 8;
        }

        return sum;
    }

    /// <summary>
    /// The one's complement sum of <paramref name="data"/> (a multiple of 32 octets) as a
    /// big-endian-word sum folded to 16 bits. RFC 1071 §2(B): the sum is byte-order independent, so
    /// the words are added as the CPU loads them, 16 lanes at a time, and the folded result is
    /// swapped once at the end. A nonzero sum never folds to zero, so callers see exactly the
    /// checksum the word-by-word loop gives.
    /// </summary>
    private static ulong SwappedSum(ReadOnlySpan<byte> data)
    {
        ulong total = 0;
        ref byte start = ref MemoryMarshal.GetReference(data);
        for (int block = 0; block < data.Length; block += MaxVectorBlock)
        {
            // Each step adds at most 0xFFFF to a 32-bit lane: 2^15 steps per block cannot overflow.
            int end = Math.Min(data.Length, block + MaxVectorBlock);
            Vector256<uint> low = Vector256<uint>.Zero;
            Vector256<uint> high = Vector256<uint>.Zero;
            for (int i = block; i < end; i += Vector256<byte>.Count)
            {
                (Vector256<uint> l, Vector256<uint> h) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i).AsUInt16());
                low += l;
                high += h;
            }

            (Vector256<ulong> a, Vector256<ulong> b) = Vector256.Widen(low);
            (Vector256<ulong> c, Vector256<ulong> d) = Vector256.Widen(high);
            total += Vector256.Sum(a + b + c + d);
        }

        while ((total >> 16) != 0)
        {
            total = (total & 0xffff) + (total >> 16);
        }

        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness((ushort)total) : total;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    public static ushort Finish(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Accumulate(0, data));

    /// <summary>
    /// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') when one 16-bit word changes from
    /// <paramref name="oldValue"/> to <paramref name="newValue"/>.
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldValue, ushort newValue)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~oldValue + newValue;
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>Recomputes the IPv4 header checksum in place (header = IHL × 4 octets).</summary>
    public static void RewriteIPv4Header(Span<byte> header)
    {
        header[10] = 0;
        header[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], Compute(header));
    }

    /// <summary>Sum of the RFC 8200 §8.1 / RFC 793 pseudo-header: source, destination, length, protocol.</summary>
    public static ulong PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int upperLayerLength)
    {
        ulong sum = Accumulate(0, source);
        sum = Accumulate(sum, destination);
        return sum + protocol + (ulong)(uint)upperLayerLength;
    }
}
