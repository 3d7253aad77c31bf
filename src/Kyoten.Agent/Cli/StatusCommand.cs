using System.Net.Sockets;
using Kyoten.Agent.Config;
using Kyoten.Agent.Status;

namespace Kyoten.Agent.Cli;

/// <summary><c>kyoten-agent status [--state DIR] [--json]</c>: the running daemon's SA table.</summary>
internal static class StatusCommand
{
    public const string Usage = "usage: kyoten-agent status [--state DIR] [--json]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (!CommandArguments.TryParse(args, ["--state"], ["--json"], out var parsed, out var error))
        {
            await context.Error.WriteLineAsync($"kyoten-agent status: {error}\n{Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var paths = new StatePaths(parsed.Value("--state") ?? StatePaths.DefaultRoot);
        (Contracts.Agent.V1.TelemetryReport Report, string Json)? answer;
        try
        {
            answer = await StatusClient.TryQueryAsync(paths.StatusSocket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"kyoten-agent status: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (answer is not { } status)
        {
            await context.Error.WriteLineAsync($"kyoten-agent status: the agent is not running (no daemon answers on {paths.StatusSocket})").ConfigureAwait(false);
            return ExitCodes.NotRunning;
        }

        await context.Out.WriteAsync(parsed.Flag("--json")
            ? status.Json + "\n"
            : StatusTableFormatter.Format(status.Report, context.Time.GetUtcNow())).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
