using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Keying material sizes per transform, for CHILD SA (ESP/AH) KEYMAT splitting (RFC 7296 §2.17)
/// and IKE SA key derivation.
/// </summary>
public static class TransformKeyLengths
{
    /// <summary>
    /// Encryption key bytes: AES-CBC key; AES-GCM key + 4 salt (RFC 4106 §8.1); ChaCha20-Poly1305
    /// 32 + 4 salt (RFC 7634 §2); NULL 0. Returns false for unsupported algorithms or key sizes.
    /// </summary>
    public static bool TryGetEncryptionKeyLength(EncryptionAlgorithm enc, int keyBits, out int length)
    {
        length = enc switch
        {
            EncryptionAlgorithm.AesCbc when keyBits is 128 or 192 or 256 => keyBits / 8,
            EncryptionAlgorithm.AesGcm16 when keyBits is 128 or 192 or 256 => keyBits / 8 + 4,
            EncryptionAlgorithm.ChaCha20Poly1305 when keyBits is 0 or 256 => 36,
            EncryptionAlgorithm.Null or EncryptionAlgorithm.None => 0,
            _ => -1,
        };
        return length >= 0;
    }

    /// <summary>Integrity key bytes (RFC 4868 §2.1.1: HMAC-SHA2 keys are the hash output size); NONE 0.</summary>
    public static bool TryGetIntegrityKeyLength(IntegrityAlgorithm integ, out int length)
    {
        length = integ switch
        {
            IntegrityAlgorithm.HmacSha2_256_128 => 32,
            IntegrityAlgorithm.HmacSha2_384_192 => 48,
            IntegrityAlgorithm.HmacSha2_512_256 => 64,
            IntegrityAlgorithm.None => 0,
            _ => -1,
        };
        return length >= 0;
    }
}
