using Microsoft.Extensions.Logging;
using Kyoten.Agent.Config;
using Kyoten.Agent.Control;

namespace Kyoten.Agent.Cli;

/// <summary><c>kyoten-agent enroll --controller URL (--token T | --token-file F) [--state DIR] [--force]</c></summary>
internal static class EnrollCommand
{
    public const string Usage = "usage: kyoten-agent enroll --controller https://HOST[:PORT] (--token TOKEN | --token-file FILE) [--state DIR] [--force]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (!CommandArguments.TryParse(args, ["--controller", "--token", "--token-file", "--state"], ["--force"], out var parsed, out var error))
        {
            return UsageError(context, error);
        }

        if (!ControllerChannel.TryParseUrl(parsed.Value("--controller"), out var controller, out var urlError))
        {
            return UsageError(context, urlError);
        }

        var token = parsed.Value("--token");
        if (parsed.Value("--token-file") is { } tokenFile)
        {
            if (token is not null)
            {
                return UsageError(context, "give --token or --token-file, not both");
            }

            try
            {
                token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return UsageError(context, $"cannot read {tokenFile}: {e.Message}");
            }
        }

        if (token is null)
        {
            return UsageError(context, "--token is required");
        }

        var paths = new StatePaths(parsed.Value("--state") ?? StatePaths.DefaultRoot);
        var enroller = new Enroller(paths, context.Time, context.Loggers.CreateLogger<Enroller>());
        var result = await enroller.EnrollAsync(controller, token, parsed.Flag("--force"), cancellationToken).ConfigureAwait(false);
        if (result.Status == EnrollStatus.Enrolled)
        {
            await context.Out.WriteLineAsync($"kyoten-agent: {result.Message}; state in {paths.Root}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await context.Error.WriteLineAsync($"kyoten-agent enroll: {result.Message}").ConfigureAwait(false);
        return result.Status switch
        {
            EnrollStatus.BadToken => ExitCodes.BadToken,
            EnrollStatus.AlreadyEnrolled => ExitCodes.AlreadyEnrolled,
            EnrollStatus.ControllerUnreachable => ExitCodes.ControllerUnreachable,
            EnrollStatus.CaMismatch => ExitCodes.CaMismatch,
            EnrollStatus.TokenRefused => ExitCodes.TokenRefused,
            EnrollStatus.StateNotWritable => ExitCodes.StateNotWritable,
            _ => ExitCodes.EnrollmentRejected,
        };
    }

    private static int UsageError(CliContext context, string? message)
    {
        context.Error.WriteLine($"kyoten-agent enroll: {message}");
        context.Error.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
