using System.Security.Cryptography;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// The negotiated pseudorandom function (transform type 2) and the prf+ expansion of
/// RFC 7296 §2.13. Instances are immutable and thread-safe; keys are passed per call.
/// </summary>
public sealed class Prf
{
    private static readonly Prf Sha256 = new(PrfAlgorithm.HmacSha2_256, 32);
    private static readonly Prf Sha384 = new(PrfAlgorithm.HmacSha2_384, 48);
    private static readonly Prf Sha512 = new(PrfAlgorithm.HmacSha2_512, 64);

    private Prf(PrfAlgorithm algorithm, int outputLength)
    {
        Algorithm = algorithm;
        OutputLength = outputLength;
    }

    public PrfAlgorithm Algorithm { get; }

    /// <summary>Output size in bytes; RFC 4868 §2.1.2 also makes it the preferred key size (SK_d, SK_pi, SK_pr).</summary>
    public int OutputLength { get; }

    /// <summary>Whether <paramref name="algorithm"/> is implemented.</summary>
    public static bool IsSupported(PrfAlgorithm algorithm) =>
        algorithm is PrfAlgorithm.HmacSha2_256 or PrfAlgorithm.HmacSha2_384 or PrfAlgorithm.HmacSha2_512;

    /// <exception cref="NotSupportedException">The algorithm is not implemented (negotiation must not pick it).</exception>
    public static Prf Create(PrfAlgorithm alg) => alg switch
    {
        PrfAlgorithm.HmacSha2_256 => Sha256,
        PrfAlgorithm.HmacSha2_384 => Sha384,
        PrfAlgorithm.HmacSha2_512 => Sha512,
        _ => throw new NotSupportedException($"PRF {alg} is not supported"),
    };

    /// <summary>prf(key, data). HMAC takes keys of any length (RFC 2104 hashes long keys).</summary>
    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < OutputLength)
        {
            throw new ArgumentException("bug: destination shorter than the PRF output", nameof(destination));
        }

        _ = Algorithm switch
        {
            PrfAlgorithm.HmacSha2_256 => HMACSHA256.HashData(key, data, destination),
            PrfAlgorithm.HmacSha2_384 => HMACSHA384.HashData(key, data, destination),
            _ => HMACSHA512.HashData(key, data, destination),
        };
    }

    public byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var result = new byte[OutputLength];
        Compute(key, data, result);
        return result;
    }

    /// <summary>
    /// RFC 7296 §2.13: prf+ (K,S) = T1 | T2 | T3 | ... with T1 = prf (K, S | 0x01),
    /// Tn = prf (K, Tn-1 | S | n), truncated to <paramref name="length"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// length exceeds 255 × OutputLength ("the prf+ function is not defined beyond 255 times the size
    /// of the prf function output"); our caller asked for it, so this is a bug, not peer input.
    /// </exception>
    public byte[] PrfPlus(ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 255 * OutputLength);

        var result = new byte[length];
        // Input block: Tn-1 | S | n; the first round has no Tn-1.
        var block = new byte[OutputLength + seed.Length + 1];
        var t = new byte[OutputLength];
        var produced = 0;
        try
        {
            for (var n = 1; produced < length; n++)
            {
                int inputLength;
                if (n == 1)
                {
                    seed.CopyTo(block);
                    block[seed.Length] = 1;
                    inputLength = seed.Length + 1;
                }
                else
                {
                    t.CopyTo(block, 0);
                    seed.CopyTo(block.AsSpan(OutputLength));
                    block[OutputLength + seed.Length] = (byte)n;
                    inputLength = block.Length;
                }

                Compute(key, block.AsSpan(0, inputLength), t);
                var take = Math.Min(OutputLength, length - produced);
                t.AsSpan(0, take).CopyTo(result.AsSpan(produced));
                produced += take;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(t);
        }

        return result;
    }

    public override string ToString() => Algorithm.ToString();
}
