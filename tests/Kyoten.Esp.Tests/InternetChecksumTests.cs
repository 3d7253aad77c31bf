using System.Buffers.Binary;

namespace Kyoten.Esp.Tests;

/// <summary>The vectorised checksum against the plain RFC 1071 word loop.</summary>
public sealed class InternetChecksumTests
{
    [Fact]
    public void Rfc1071Example()
    {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (checksum 220d).
        Assert.Equal(0x220d, InternetChecksum.Compute(Hex.Bytes("0001f203f4f5f6f7")));
    }

    [Fact]
    public void EveryLengthAndOffset_MatchesTheWordLoop()
    {
        var random = new Random(1071);
        byte[] data = new byte[70_000];
        random.NextBytes(data);
        foreach (int length in Enumerable.Range(0, 300).Concat([1399, 1400, 1433, 8999, 65_535, 69_000]))
        {
            int offset = random.Next(0, data.Length - length);
            ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
            ulong start = (ulong)random.Next(0, 0x3ffff);
            Assert.Equal(InternetChecksum.Finish(WordLoop(start, slice)), InternetChecksum.Finish(InternetChecksum.Accumulate(start, slice)));
        }
    }

    [Fact]
    public void AllOnesAndAllZeros_KeepTheirDistinctResults()
    {
        // The cases where one's complement arithmetic has two zeros: the sum of all-0xFF data is
        // 0xFFFF (checksum 0), of all-zero data 0 (checksum 0xFFFF); large inputs also test that
        // the 32-bit lanes do not overflow.
        foreach (int length in new[] { 64, 1400, 65_536, 3_000_000 })
        {
            byte[] ones = new byte[length];
            Array.Fill(ones, (byte)0xFF);
            Assert.Equal(0, InternetChecksum.Compute(ones));
            Assert.Equal(0xFFFF, InternetChecksum.Compute(new byte[length]));
        }
    }

    private static ulong WordLoop(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        return i < data.Length ? sum + ((ulong)data[i] << 8) : sum;
    }
}
