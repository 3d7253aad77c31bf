using System.Diagnostics.CodeAnalysis;

namespace Kyoten.Agent.Cli;

/// <summary>
/// <c>--name value</c> options and <c>--flag</c> switches after a sub-command; small enough that
/// a parser library would be the bigger dependency. Unknown or repeated options are errors.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments()
    {
    }

    public static bool TryParse(
        IReadOnlyList<string> args,
        IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flagOptions,
        [NotNullWhen(true)] out CommandArguments? parsed,
        [NotNullWhen(false)] out string? error)
    {
        parsed = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            if (flagOptions.Contains(arg) && inline is null)
            {
                parsed._flags.Add(arg);
            }
            else if (valueOptions.Contains(arg))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                {
                    return Fail($"{arg} needs a value", out parsed, out error);
                }

                if (!parsed._values.TryAdd(arg, value))
                {
                    return Fail($"{arg} given twice", out parsed, out error);
                }
            }
            else
            {
                return Fail($"unknown option '{arg}'", out parsed, out error);
            }
        }

        error = null;
        return true;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    private static bool Fail(string message, out CommandArguments? parsed, out string? error)
    {
        parsed = null;
        error = message;
        return false;
    }
}
