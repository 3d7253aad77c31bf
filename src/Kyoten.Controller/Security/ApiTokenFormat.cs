using System.Security.Cryptography;

namespace Kyoten.Controller.Security;

/// <summary><c>kyt_&lt;base64url(32 random bytes)&gt;</c>; the database keeps SHA-256 of the whole string.</summary>
internal static class ApiTokenFormat
{
    public const string Prefix = "kyt_";

    public static (string Token, byte[] Hash) Create()
    {
        var token = Prefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static bool TryParse(string? token, out byte[] hash)
    {
        hash = [];
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || !Base64Url.TryDecode(token[Prefix.Length..], 32, out _))
        {
            return false;
        }

        hash = Hash(token);
        return true;
    }

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));
}
