namespace Kyoten.Ike.Transforms;

/// <summary>Transform type 1 IDs (IANA "Transform Type 1 - Encryption Algorithm Transform IDs").</summary>
public enum EncryptionAlgorithm : ushort
{
    None = 0,
    /// <summary>ENCR_NULL (RFC 2410): ESP with integrity only, never for IKE.</summary>
    Null = 11,
    /// <summary>ENCR_AES_CBC (RFC 3602); key length attribute 128/192/256.</summary>
    AesCbc = 12,
    /// <summary>ENCR_AES_GCM_16 (RFC 4106, RFC 5282); 16-octet ICV.</summary>
    AesGcm16 = 20,
    /// <summary>ENCR_CHACHA20_POLY1305 (RFC 7634).</summary>
    ChaCha20Poly1305 = 28,
}
