using System.Security.Cryptography;

namespace Kyoten.Controller.Security;

/// <summary>
/// <c>kyt1.&lt;base64url(SHA-256 of CA cert DER)&gt;.&lt;base64url(32 random bytes)&gt;</c>. The CA hash lets
/// the agent pin the controller on first contact; the controller stores only SHA-256(secret).
/// </summary>
internal static class EnrollmentTokenFormat
{
    public const string Prefix = "kyt1";

    public static (string Token, byte[] SecretHash) Create(string caHash)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        return ($"{Prefix}.{caHash}.{Base64Url.Encode(secret)}", SHA256.HashData(secret));
    }

    public static bool TryParse(string? token, out string caHash, out byte[] secretHash)
    {
        caHash = "";
        secretHash = [];
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0] != Prefix
            || !Base64Url.TryDecode(parts[1], 32, out _) || !Base64Url.TryDecode(parts[2], 32, out var secret))
        {
            return false;
        }

        caHash = parts[1];
        secretHash = SHA256.HashData(secret);
        return true;
    }
}
