using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyoten.Agent.Cli;

/// <summary>What a command writes to and logs with; tests pass their own writers and loggers.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, ILoggerFactory Loggers, TimeProvider Time)
{
    public static CliContext Console() => new(System.Console.Out, System.Console.Error, NullLoggerFactory.Instance, TimeProvider.System);
}
