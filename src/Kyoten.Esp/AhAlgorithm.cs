namespace Kyoten.Esp;

/// <summary>AH integrity algorithms, RFC 4868 (ICV truncated to half the hash: 128/192/256 bits).</summary>
public enum AhAlgorithm
{
    /// <summary>HMAC-SHA-256-128: 32-octet key, 16-octet ICV.</summary>
    HmacSha256,

    /// <summary>HMAC-SHA-384-192: 48-octet key, 24-octet ICV.</summary>
    HmacSha384,

    /// <summary>HMAC-SHA-512-256: 64-octet key, 32-octet ICV.</summary>
    HmacSha512,
}
