using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// RFC 4868 HMAC-SHA-2 with the output truncated to half the hash length (the ICV).
/// Wraps one reusable <see cref="IncrementalHash"/>: not thread-safe, one per lane.
/// </summary>
internal sealed class TruncatedHmac : IDisposable
{
    private readonly IncrementalHash _hmac;

    public TruncatedHmac(HashAlgorithmName hash, ReadOnlySpan<byte> key, int icvLength)
    {
        _hmac = IncrementalHash.CreateHMAC(hash, key);
        IcvLength = icvLength;
    }

    public int IcvLength { get; }

    public void Append(ReadOnlySpan<byte> data) => _hmac.AppendData(data);

    /// <summary>Writes the truncated ICV and resets for the next packet.</summary>
    public void Finish(Span<byte> icv)
    {
        Span<byte> full = stackalloc byte[64];
        int written = _hmac.GetHashAndReset(full);
        full[..Math.Min(written, IcvLength)].CopyTo(icv);
    }

    /// <summary>Compares the computed ICV with <paramref name="received"/> in constant time and resets.</summary>
    public bool Verify(ReadOnlySpan<byte> received)
    {
        Span<byte> full = stackalloc byte[64];
        _hmac.GetHashAndReset(full);
        return CryptographicOperations.FixedTimeEquals(full[..IcvLength], received);
    }

    public void Dispose() => _hmac.Dispose();
}
