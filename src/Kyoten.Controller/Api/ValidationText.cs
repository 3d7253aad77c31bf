using System.Globalization;
using System.Resources;

namespace Kyoten.Controller.Api;

/// <summary>
/// Validation messages in the current UI culture, from the dashboard's string table (the key is
/// the English composite format). The REST API stays English unless Accept-Language asks for
/// Japanese; a form in a Japanese circuit gets Japanese. A missing entry falls back to English.
/// </summary>
internal static class ValidationText
{
    private static readonly ResourceManager Table = new("Kyoten.Controller.Resources.Strings", typeof(ValidationText).Assembly);

    public static string Get(string english, params object?[] args)
    {
        var format = Table.GetString(english, CultureInfo.CurrentUICulture) ?? english;
        return args.Length == 0 ? format : string.Format(CultureInfo.CurrentCulture, format, args);
    }
}
