using System.Buffers.Binary;

namespace Kyoten.Esp.Crypto;

/// <summary>ICV of the non-AEAD ESP transforms (encrypt-then-MAC).</summary>
internal static class EspIntegrity
{
    /// <summary>
    /// RFC 4303 §2.2.1 and §3.3.2.1: the ICV covers SPI, Sequence Number, IV and ciphertext; with ESN the
    /// high-order 32 sequence bits are appended after the payload for the computation only, never sent.
    /// </summary>
    public static void Append(TruncatedHmac hmac, ReadOnlySpan<byte> authenticated, ulong sequence, bool esn)
    {
        hmac.Append(authenticated);
        if (esn)
        {
            Span<byte> high = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(high, (uint)(sequence >> 32));
            hmac.Append(high);
        }
    }
}
