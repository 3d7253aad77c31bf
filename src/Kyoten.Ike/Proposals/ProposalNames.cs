using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>strongSwan-style keywords for transforms (subset: the algorithms Kyoten implements).</summary>
internal static class ProposalNames
{
    public static bool TryParseToken(string token, out TransformType type, out ushort id, out ushort keyBits)
    {
        keyBits = 0;
        (type, id, keyBits) = token switch
        {
            "aes128" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, (ushort)128),
            "aes192" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, (ushort)192),
            "aes256" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, (ushort)256),
            "aes128gcm16" or "aes128gcm" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, (ushort)128),
            "aes192gcm16" or "aes192gcm" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, (ushort)192),
            "aes256gcm16" or "aes256gcm" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, (ushort)256),
            "chacha20poly1305" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.ChaCha20Poly1305, (ushort)0),
            "null" => (TransformType.Encryption, (ushort)EncryptionAlgorithm.Null, (ushort)0),
            "sha256" or "sha2_256" => (TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128, (ushort)0),
            "sha384" or "sha2_384" => (TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_384_192, (ushort)0),
            "sha512" or "sha2_512" => (TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_512_256, (ushort)0),
            "prfsha256" => (TransformType.Prf, (ushort)PrfAlgorithm.HmacSha2_256, (ushort)0),
            "prfsha384" => (TransformType.Prf, (ushort)PrfAlgorithm.HmacSha2_384, (ushort)0),
            "prfsha512" => (TransformType.Prf, (ushort)PrfAlgorithm.HmacSha2_512, (ushort)0),
            "x25519" or "curve25519" => (TransformType.KeyExchange, (ushort)KeyExchangeMethod.Curve25519, (ushort)0),
            "ecp256" => (TransformType.KeyExchange, (ushort)KeyExchangeMethod.Ecp256, (ushort)0),
            "ecp384" => (TransformType.KeyExchange, (ushort)KeyExchangeMethod.Ecp384, (ushort)0),
            "modp2048" => (TransformType.KeyExchange, (ushort)KeyExchangeMethod.Modp2048, (ushort)0),
            "esn" => (TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.Yes, (ushort)0),
            "noesn" => (TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.No, (ushort)0),
            _ => ((TransformType)0, (ushort)0, (ushort)0),
        };
        return type != 0;
    }

    public static string Format(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, PrfAlgorithm prf, KeyExchangeMethod ke)
    {
        var parts = new List<string>
        {
            encryption switch
            {
                EncryptionAlgorithm.AesCbc => "aes" + keyBits,
                EncryptionAlgorithm.AesGcm16 => "aes" + keyBits + "gcm16",
                EncryptionAlgorithm.ChaCha20Poly1305 => "chacha20poly1305",
                EncryptionAlgorithm.Null => "null",
                _ => encryption.ToString(),
            },
        };
        if (integrity != IntegrityAlgorithm.None)
        {
            parts.Add(integrity switch
            {
                IntegrityAlgorithm.HmacSha2_256_128 => "sha256",
                IntegrityAlgorithm.HmacSha2_384_192 => "sha384",
                IntegrityAlgorithm.HmacSha2_512_256 => "sha512",
                _ => integrity.ToString(),
            });
        }

        if (prf != PrfAlgorithm.None)
        {
            parts.Add(prf switch
            {
                PrfAlgorithm.HmacSha2_256 => "prfsha256",
                PrfAlgorithm.HmacSha2_384 => "prfsha384",
                PrfAlgorithm.HmacSha2_512 => "prfsha512",
                _ => prf.ToString(),
            });
        }

        if (ke != KeyExchangeMethod.None)
        {
            parts.Add(ke switch
            {
                KeyExchangeMethod.Curve25519 => "x25519",
                KeyExchangeMethod.Ecp256 => "ecp256",
                KeyExchangeMethod.Ecp384 => "ecp384",
                KeyExchangeMethod.Modp2048 => "modp2048",
                _ => ke.ToString(),
            });
        }

        return string.Join('-', parts);
    }
}
