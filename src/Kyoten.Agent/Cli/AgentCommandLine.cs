namespace Kyoten.Agent.Cli;

/// <summary>Entry point of <c>kyoten-agent</c>: dispatches the sub-commands.</summary>
internal static class AgentCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("usage: kyoten-agent <enroll|run|status> [options]");
            return Task.FromResult(args.Length == 0 ? 2 : 0);
        }

        if (args[0] == "datapath-static")
        {
            return DataPath.Static.StaticTunnelCommand.RunAsync(args[1..]);
        }

        Console.Error.WriteLine($"kyoten-agent: unknown command '{args[0]}'");
        return Task.FromResult(2);
    }
}
