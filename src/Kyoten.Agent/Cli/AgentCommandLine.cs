namespace Kyoten.Agent.Cli;

/// <summary>Entry point of <c>kyoten-agent</c>: dispatches the sub-commands.</summary>
internal static class AgentCommandLine
{
    public const string Usage = """
        usage: kyoten-agent <command> [options]
          enroll --controller URL (--token T | --token-file F) [--state DIR] [--force]
          run    [--state DIR] [--config FILE]
          status [--state DIR] [--json]
        state DIR defaults to /var/lib/kyoten
        """;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliContext.Console(), CancellationToken.None);

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? context.Error : context.Out).WriteLine(Usage);
            return Task.FromResult(args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok);
        }

        var rest = args[1..];
        switch (args[0])
        {
            case "enroll":
                return EnrollCommand.RunAsync(rest, context, cancellationToken);
            case "run":
                return RunCommand.RunAsync(rest, context, cancellationToken, s => Runtime.RuntimeServices.AddAgentRuntime(s));
            case "status":
                return StatusCommand.RunAsync(rest, context, cancellationToken);
            case "datapath-static":
                // Static SAs for namespace tests and benchmarks (no IKE): the data path's own command.
                return DataPath.Static.StaticTunnelCommand.RunAsync(rest);
        }

        context.Error.WriteLine($"kyoten-agent: unknown command '{args[0]}'");
        context.Error.WriteLine(Usage);
        return Task.FromResult(ExitCodes.Usage);
    }
}
