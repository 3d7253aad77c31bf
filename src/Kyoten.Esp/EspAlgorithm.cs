namespace Kyoten.Esp;

/// <summary>ESP transforms the data path implements (RFC 8221 MUST/SHOULD set plus NULL+HMAC).</summary>
public enum EspAlgorithm
{
    /// <summary>RFC 4106 AES-GCM, 128-bit key, 16-octet ICV. Key = 16 + 4 salt octets.</summary>
    AesGcm128,

    /// <summary>RFC 4106 AES-GCM, 256-bit key, 16-octet ICV. Key = 32 + 4 salt octets.</summary>
    AesGcm256,

    /// <summary>RFC 7634 ChaCha20-Poly1305. Key = 32 + 4 salt octets.</summary>
    ChaCha20Poly1305,

    /// <summary>RFC 3602 AES-CBC-128 with RFC 4868 HMAC-SHA-256-128.</summary>
    AesCbc128HmacSha256,

    /// <summary>RFC 3602 AES-CBC-256 with RFC 4868 HMAC-SHA-256-128.</summary>
    AesCbc256HmacSha256,

    /// <summary>RFC 3602 AES-CBC-256 with RFC 4868 HMAC-SHA-384-192.</summary>
    AesCbc256HmacSha384,

    /// <summary>RFC 3602 AES-CBC-256 with RFC 4868 HMAC-SHA-512-256.</summary>
    AesCbc256HmacSha512,

    /// <summary>RFC 2410 NULL encryption with HMAC-SHA-256-128 (integrity only, inside ESP).</summary>
    NullHmacSha256,

    /// <summary>RFC 2410 NULL encryption with HMAC-SHA-384-192.</summary>
    NullHmacSha384,

    /// <summary>RFC 2410 NULL encryption with HMAC-SHA-512-256.</summary>
    NullHmacSha512,
}
