using Kyoten.Agent.Cli;

return await AgentCommandLine.RunAsync(args).ConfigureAwait(false);
