
namespace Kyoten.Controller.Security;

internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => Base64UrlEncoder(data);

    public static bool TryDecode(string text, int expectedLength, out byte[] bytes)
    {
        bytes = [];
        if (text.Length > 2 * expectedLength || !System.Buffers.Text.Base64Url.IsValid(text, out var length) || length != expectedLength)
        {
            return false;
        }

        bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        return true;
    }

    private static string Base64UrlEncoder(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);
}
