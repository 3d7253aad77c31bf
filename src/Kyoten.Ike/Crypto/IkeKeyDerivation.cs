using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kyoten.Ike.Crypto;

/// <summary>Key derivation of RFC 7296 §2.14 (IKE SA), §2.17 (CHILD SA) and §2.18 (IKE SA rekey).</summary>
public static class IkeKeyDerivation
{
    /// <summary>
    /// §2.14: SKEYSEED = prf(Ni | Nr, g^ir);
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
    /// The nonces are used whole as the PRF key: the §2.14 truncation for fixed-key-size PRFs
    /// does not apply to HMAC.
    /// </summary>
    /// <param name="encKeyLength">SK_e length in bytes, including the 4-byte salt for AEAD.</param>
    /// <param name="integKeyLength">SK_a length in bytes, 0 for AEAD.</param>
    public static IkeSaKeys DeriveIkeSaKeys(Prf prf, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, ulong spiI, ulong spiR,
        int encKeyLength, int integKeyLength)
    {
        var skeyseed = ComputeSkeyseed(prf, sharedSecret, nonceI, nonceR);
        try
        {
            return ExpandIkeSaKeys(prf, skeyseed, nonceI, nonceR, spiI, spiR, encKeyLength, integKeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(skeyseed);
        }
    }

    /// <summary>
    /// §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old IKE SA's PRF, then the
    /// seven keys with prf+ of the new PRF over Ni | Nr | SPIi | SPIr (the new SPIs).
    /// </summary>
    public static IkeSaKeys DeriveRekeyedIkeSaKeys(Prf newPrf, Prf oldPrf, ReadOnlySpan<byte> oldSkD,
        ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR,
        ulong spiI, ulong spiR, int encKeyLength, int integKeyLength)
    {
        var skeyseed = ComputeRekeySkeyseed(oldPrf, oldSkD, sharedSecret, nonceI, nonceR);
        try
        {
            return ExpandIkeSaKeys(newPrf, skeyseed, nonceI, nonceR, spiI, spiR, encKeyLength, integKeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(skeyseed);
        }
    }

    /// <summary>
    /// §2.17: KEYMAT = prf+(SK_d, [g^ir (new)] | Ni | Nr). Pass an empty shared secret when the
    /// exchange had no KE payloads. Keys for initiator → responder come first, encryption before
    /// integrity, then responder → initiator.
    /// </summary>
    public static ChildSaKeys DeriveChildSaKeys(Prf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecretOrEmpty,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, int encKeyLength, int integKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(encKeyLength);
        ArgumentOutOfRangeException.ThrowIfNegative(integKeyLength);
        var keymat = ComputeChildKeymat(prf, skD, sharedSecretOrEmpty, nonceI, nonceR, 2 * (encKeyLength + integKeyLength));
        try
        {
            var offset = 0;
            var ei = Take(keymat, ref offset, encKeyLength);
            var ai = Take(keymat, ref offset, integKeyLength);
            var er = Take(keymat, ref offset, encKeyLength);
            var ar = Take(keymat, ref offset, integKeyLength);
            return new ChildSaKeys(ei, ai, er, ar);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keymat);
        }
    }

    /// <summary>§2.14 SKEYSEED; exposed for known-answer tests.</summary>
    internal static byte[] ComputeSkeyseed(Prf prf, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR)
    {
        var key = Concat(nonceI, nonceR, ReadOnlySpan<byte>.Empty);
        try
        {
            return prf.Compute(key, sharedSecret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>§2.18 SKEYSEED; exposed for known-answer tests.</summary>
    internal static byte[] ComputeRekeySkeyseed(Prf oldPrf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR)
    {
        var data = Concat(sharedSecret, nonceI, nonceR);
        try
        {
            return oldPrf.Compute(oldSkD, data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>§2.17 KEYMAT of the given length; exposed for known-answer tests.</summary>
    internal static byte[] ComputeChildKeymat(Prf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> sharedSecretOrEmpty,
        ReadOnlySpan<byte> nonceI, ReadOnlySpan<byte> nonceR, int length)
    {
        var seed = Concat(sharedSecretOrEmpty, nonceI, nonceR);
        try
        {
            return prf.PrfPlus(skD, seed, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static IkeSaKeys ExpandIkeSaKeys(Prf prf, byte[] skeyseed, ReadOnlySpan<byte> nonceI,
        ReadOnlySpan<byte> nonceR, ulong spiI, ulong spiR, int encKeyLength, int integKeyLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(encKeyLength);
        ArgumentOutOfRangeException.ThrowIfNegative(integKeyLength);
        Span<byte> spis = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(spis[8..], spiR);
        var seed = Concat(nonceI, nonceR, spis);
        var total = 3 * prf.OutputLength + 2 * encKeyLength + 2 * integKeyLength;
        var keymat = prf.PrfPlus(skeyseed, seed, total);
        try
        {
            var offset = 0;
            var d = Take(keymat, ref offset, prf.OutputLength);
            var ai = Take(keymat, ref offset, integKeyLength);
            var ar = Take(keymat, ref offset, integKeyLength);
            var ei = Take(keymat, ref offset, encKeyLength);
            var er = Take(keymat, ref offset, encKeyLength);
            var pi = Take(keymat, ref offset, prf.OutputLength);
            var pr = Take(keymat, ref offset, prf.OutputLength);
            return new IkeSaKeys(d, ai, ar, ei, er, pi, pr);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keymat);
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static byte[] Take(byte[] source, ref int offset, int length)
    {
        var key = source.AsSpan(offset, length).ToArray();
        offset += length;
        return key;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }
}
