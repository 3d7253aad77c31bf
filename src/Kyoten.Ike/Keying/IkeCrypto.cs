using System.Security.Cryptography;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Keying;

/// <summary>
/// The small crypto surface the engine needs (PRF, prf+, key exchange, SK protection), in one place
/// so it can be pointed at Kyoten.Ike.Crypto once that lands.
/// </summary>
internal static class IkeCrypto
{
    public static bool IsSupported(PrfAlgorithm prf) => prf is PrfAlgorithm.HmacSha2_256 or PrfAlgorithm.HmacSha2_384 or PrfAlgorithm.HmacSha2_512;

    public static bool IsSupported(KeyExchangeMethod method) => method is KeyExchangeMethod.Curve25519 or KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Ecp384 or KeyExchangeMethod.Modp2048;

    public static bool IsSupported(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, bool forIke)
    {
        bool aead = IsAead(encryption);
        return encryption switch
        {
            EncryptionAlgorithm.AesGcm16 => keyBits is 128 or 192 or 256 && integrity == IntegrityAlgorithm.None,
            EncryptionAlgorithm.ChaCha20Poly1305 => keyBits is 0 or 256 && integrity == IntegrityAlgorithm.None && ChaCha20Poly1305.IsSupported,
            EncryptionAlgorithm.AesCbc => keyBits is 128 or 192 or 256 && integrity != IntegrityAlgorithm.None && IntegrityKeyLength(integrity) > 0,
            EncryptionAlgorithm.Null => !forIke && !aead && integrity != IntegrityAlgorithm.None,
            _ => false,
        };
    }

    public static bool IsAead(EncryptionAlgorithm encryption) => encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;

    public static int PrfLength(PrfAlgorithm prf) => prf switch
    {
        PrfAlgorithm.HmacSha2_256 => 32,
        PrfAlgorithm.HmacSha2_384 => 48,
        PrfAlgorithm.HmacSha2_512 => 64,
        _ => throw new InvalidOperationException("bug: unsupported PRF " + prf),
    };

    /// <summary>Key material octets for the encryption transform; AEAD keys include the 4-octet salt (RFC 5282 §7.1, RFC 7634 §2).</summary>
    public static int EncryptionKeyLength(EncryptionAlgorithm encryption, int keyBits) => encryption switch
    {
        EncryptionAlgorithm.AesGcm16 => (keyBits / 8) + 4,
        EncryptionAlgorithm.ChaCha20Poly1305 => 32 + 4,
        EncryptionAlgorithm.AesCbc => keyBits / 8,
        _ => 0,
    };

    public static int IntegrityKeyLength(IntegrityAlgorithm integrity) => integrity switch
    {
        IntegrityAlgorithm.HmacSha2_256_128 => 32,
        IntegrityAlgorithm.HmacSha2_384_192 => 48,
        IntegrityAlgorithm.HmacSha2_512_256 => 64,
        _ => 0,
    };

    public static byte[] Prf(PrfAlgorithm prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => prf switch
    {
        PrfAlgorithm.HmacSha2_256 => HMACSHA256.HashData(key, data),
        PrfAlgorithm.HmacSha2_384 => HMACSHA384.HashData(key, data),
        PrfAlgorithm.HmacSha2_512 => HMACSHA512.HashData(key, data),
        _ => throw new InvalidOperationException("bug: unsupported PRF " + prf),
    };

    /// <summary>RFC 7296 §2.13: prf+ (K,S) = T1 | T2 | ..., Tn = prf (K, Tn-1 | S | n).</summary>
    public static byte[] PrfPlus(PrfAlgorithm prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        byte[] previous = [];
        int offset = 0;
        for (int counter = 1; offset < length; counter++)
        {
            if (counter > 255)
            {
                throw new InvalidOperationException("bug: prf+ asked for more than 255 blocks");
            }

            byte[] input = [.. previous, .. seed, (byte)counter];
            previous = Prf(prf, key, input);
            int take = Math.Min(previous.Length, length - offset);
            previous.AsSpan(0, take).CopyTo(output.AsSpan(offset));
            offset += take;
        }

        return output;
    }

    public static IKeyAgreement CreateKeyAgreement(KeyExchangeMethod method) => method switch
    {
        KeyExchangeMethod.Curve25519 => new X25519Agreement(),
        KeyExchangeMethod.Ecp256 => new EcdhAgreement(ECCurve.NamedCurves.nistP256, 32),
        KeyExchangeMethod.Ecp384 => new EcdhAgreement(ECCurve.NamedCurves.nistP384, 48),
        KeyExchangeMethod.Modp2048 => new ModpAgreement(),
        _ => throw new InvalidOperationException("bug: unsupported key exchange " + method),
    };

    public static ISkProtector CreateProtector(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, byte[] encryptionKey, byte[] integrityKey) => encryption switch
    {
        EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305 => new AeadProtector(encryption, encryptionKey),
        EncryptionAlgorithm.AesCbc => new CbcHmacProtector(encryptionKey, integrity, integrityKey),
        _ => throw new InvalidOperationException("bug: unsupported IKE encryption " + encryption + "/" + keyBits),
    };
}
