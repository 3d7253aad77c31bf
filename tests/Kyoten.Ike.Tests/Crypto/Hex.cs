namespace Kyoten.Ike.Tests.Crypto;

/// <summary>Hex helpers for vectors copied from RFC text (spaces, line breaks and case ignored).</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex)
    {
        var compact = string.Concat(hex.Where(Uri.IsHexDigit));
        return Convert.FromHexString(compact);
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
