using Kyoten.Agent.Cli;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Tests.Support;

/// <summary>Runs a CLI command with captured output, error and logs.</summary>
internal sealed class CliRun : IDisposable
{
    private readonly ILoggerFactory _loggers;

    public CliRun(TimeProvider? time = null)
    {
        _loggers = Logs.CreateFactory();
        Context = new CliContext(Out, Error, _loggers, time ?? TimeProvider.System);
    }

    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public CliContext Context { get; }

    public Task<int> RunAsync(params string[] args) => AgentCommandLine.RunAsync(args, Context, TestContext.Current.CancellationToken);

    public void Dispose() => _loggers.Dispose();
}
