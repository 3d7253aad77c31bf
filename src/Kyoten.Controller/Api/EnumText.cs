using System.Text.RegularExpressions;

namespace Kyoten.Controller.Api;

/// <summary>Enums on the wire in kebab case ("hub-and-spoke", "external"), parsed strictly.</summary>
internal static partial class EnumText
{
    public static string Of<T>(T value) where T : struct, Enum => Kebab().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Kebab();
}
