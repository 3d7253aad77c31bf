namespace Kyoten.Ike.Transforms;

/// <summary>Transform type 3 IDs (IANA "Transform Type 3 - Integrity Algorithm Transform IDs").</summary>
public enum IntegrityAlgorithm : ushort
{
    None = 0,
    /// <summary>AUTH_HMAC_SHA2_256_128 (RFC 4868).</summary>
    HmacSha2_256_128 = 12,
    /// <summary>AUTH_HMAC_SHA2_384_192 (RFC 4868).</summary>
    HmacSha2_384_192 = 13,
    /// <summary>AUTH_HMAC_SHA2_512_256 (RFC 4868).</summary>
    HmacSha2_512_256 = 14,
}
