using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Kyoten.Agent.Control;

/// <summary>
/// <c>kyt1.&lt;base64url(SHA-256 of the controller CA certificate DER)&gt;.&lt;base64url(secret)&gt;</c>.
/// The CA hash pins the controller on first contact; the secret is what the controller burns.
/// <see cref="ToString"/> never shows the secret.
/// </summary>
internal sealed class EnrollmentToken
{
    public const string Prefix = "kyt1";

    private EnrollmentToken(string text, byte[] caHash)
    {
        Text = text;
        CaCertificateHash = caHash;
    }

    /// <summary>The whole token as the controller expects it.</summary>
    public string Text { get; }

    public byte[] CaCertificateHash { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out EnrollmentToken? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        var parts = text?.Trim().Split('.');
        if (parts is not { Length: 3 } || parts[0] != Prefix)
        {
            error = $"expected {Prefix}.<ca-hash>.<secret> as printed by the controller";
            return false;
        }

        if (!TryDecode(parts[1], out var hash) || hash.Length != 32)
        {
            error = "the CA hash part is not base64url of 32 bytes";
            return false;
        }

        if (!TryDecode(parts[2], out var secret) || secret.Length < 16)
        {
            error = "the secret part is not base64url of at least 16 bytes";
            return false;
        }

        token = new EnrollmentToken(text!.Trim(), hash);
        error = null;
        return true;
    }

    public override string ToString() => $"{Prefix}.{Base64Url.EncodeToString(CaCertificateHash)}.***";

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }
}
