namespace Kyoten.Esp.Tests;

internal static class Hex
{
    /// <summary>Decodes hex written with any spacing/newlines, as copied from an RFC.</summary>
    public static byte[] Bytes(string text) =>
        Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
