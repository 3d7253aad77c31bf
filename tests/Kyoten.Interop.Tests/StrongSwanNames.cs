namespace Kyoten.Interop.Tests;

/// <summary>How strongSwan's vici spells the algorithms that Kyoten.Ike names by enum member.</summary>
internal static class StrongSwanNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["AesGcm16"] = "AES_GCM_16",
        ["AesCbc"] = "AES_CBC",
        ["ChaCha20Poly1305"] = "CHACHA20_POLY1305",
        ["HmacSha2_256"] = "PRF_HMAC_SHA2_256",
        ["HmacSha2_384"] = "PRF_HMAC_SHA2_384",
        ["HmacSha2_512"] = "PRF_HMAC_SHA2_512",
        ["HmacSha2_256_128"] = "HMAC_SHA2_256_128",
        ["HmacSha2_384_192"] = "HMAC_SHA2_384_192",
        ["HmacSha2_512_256"] = "HMAC_SHA2_512_256",
        ["Curve25519"] = "CURVE_25519",
        ["Ecp256"] = "ECP_256",
        ["Ecp384"] = "ECP_384",
        ["Modp2048"] = "MODP_2048",
        ["Modp3072"] = "MODP_3072",
    };

    /// <summary>The strongSwan name, or null for "None" (strongSwan omits absent algorithms).</summary>
    public static string? Of(string? kyoten) =>
        kyoten is null or "None" ? null : Names.TryGetValue(kyoten, out var name) ? name : "unmapped:" + kyoten;
}
