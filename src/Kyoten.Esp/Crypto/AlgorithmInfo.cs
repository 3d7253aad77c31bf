using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>Key, IV, ICV and alignment sizes of one ESP or AH algorithm.</summary>
internal readonly record struct AlgorithmInfo(
    TransformKind Kind,
    int CipherKeyLength,
    int SaltLength,
    int IntegrityKeyLength,
    int IvLength,
    int IcvLength,
    int Alignment,
    HashAlgorithmName Hash)
{
    /// <summary>Octets of EncryptionKey the SA expects (cipher key plus salt).</summary>
    public int EncryptionKeyLength => CipherKeyLength + SaltLength;

    public static AlgorithmInfo For(EspAlgorithm algorithm) => algorithm switch
    {
        // RFC 4106 §8.1 / RFC 7634 §2: KEYMAT = key || 4-octet salt; 8-octet explicit IV; 16-octet ICV.
        // ESP needs only 4-octet alignment for stream-like AEADs (RFC 4303 §2.4).
        EspAlgorithm.AesGcm128 => new(TransformKind.AesGcm, 16, 4, 0, 8, 16, 4, default),
        EspAlgorithm.AesGcm256 => new(TransformKind.AesGcm, 32, 4, 0, 8, 16, 4, default),
        EspAlgorithm.ChaCha20Poly1305 => new(TransformKind.ChaCha20Poly1305, 32, 4, 0, 8, 16, 4, default),
        // RFC 3602: 16-octet random IV, payload padded to the AES block; RFC 4868 ICV = half the hash.
        EspAlgorithm.AesCbc128HmacSha256 => new(TransformKind.AesCbcHmac, 16, 0, 32, 16, 16, 16, HashAlgorithmName.SHA256),
        EspAlgorithm.AesCbc256HmacSha256 => new(TransformKind.AesCbcHmac, 32, 0, 32, 16, 16, 16, HashAlgorithmName.SHA256),
        EspAlgorithm.AesCbc256HmacSha384 => new(TransformKind.AesCbcHmac, 32, 0, 48, 16, 24, 16, HashAlgorithmName.SHA384),
        EspAlgorithm.AesCbc256HmacSha512 => new(TransformKind.AesCbcHmac, 32, 0, 64, 16, 32, 16, HashAlgorithmName.SHA512),
        EspAlgorithm.NullHmacSha256 => new(TransformKind.NullHmac, 0, 0, 32, 0, 16, 4, HashAlgorithmName.SHA256),
        EspAlgorithm.NullHmacSha384 => new(TransformKind.NullHmac, 0, 0, 48, 0, 24, 4, HashAlgorithmName.SHA384),
        EspAlgorithm.NullHmacSha512 => new(TransformKind.NullHmac, 0, 0, 64, 0, 32, 4, HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown ESP algorithm"),
    };

    public static AlgorithmInfo For(AhAlgorithm algorithm) => algorithm switch
    {
        AhAlgorithm.HmacSha256 => new(TransformKind.NullHmac, 0, 0, 32, 0, 16, 4, HashAlgorithmName.SHA256),
        AhAlgorithm.HmacSha384 => new(TransformKind.NullHmac, 0, 0, 48, 0, 24, 4, HashAlgorithmName.SHA384),
        AhAlgorithm.HmacSha512 => new(TransformKind.NullHmac, 0, 0, 64, 0, 32, 4, HashAlgorithmName.SHA512),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown AH algorithm"),
    };
}
