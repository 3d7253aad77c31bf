namespace Kyoten.Ike.Transforms;

/// <summary>Transform type 2 IDs (IANA "Transform Type 2 - Pseudorandom Function Transform IDs").</summary>
public enum PrfAlgorithm : ushort
{
    None = 0,
    /// <summary>PRF_HMAC_SHA2_256 (RFC 4868).</summary>
    HmacSha2_256 = 5,
    /// <summary>PRF_HMAC_SHA2_384 (RFC 4868).</summary>
    HmacSha2_384 = 6,
    /// <summary>PRF_HMAC_SHA2_512 (RFC 4868).</summary>
    HmacSha2_512 = 7,
}
