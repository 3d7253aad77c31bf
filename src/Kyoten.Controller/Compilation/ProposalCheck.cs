using System.Globalization;

namespace Kyoten.Controller.Compilation;

/// <summary>
/// The verdict on one proposal string: valid or not (with the reason), weak or not. The reason is
/// kept as its English composite format and arguments too, so forms can show it in the user's language.
/// </summary>
internal readonly record struct ProposalCheck(bool IsValid, bool IsWeak, bool HasKeyExchange, string? Error, string? ErrorFormat = null, object?[]? ErrorArguments = null)
{
    public static ProposalCheck Invalid(string format, params object?[] arguments) =>
        new(false, false, false, arguments.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, arguments), format, arguments);
}
