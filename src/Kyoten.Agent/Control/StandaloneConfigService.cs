using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>Standalone mode: applies the configuration file once; no controller, no cache.</summary>
internal sealed class StandaloneConfigService(
    AgentRunOptions options,
    ConfigPipeline pipeline,
    RunOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<StandaloneConfigService> logger) : BackgroundService
{
    private readonly TaskCompletionSource<ApplyResult> _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ApplyResult> Applied => _applied.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = options.StandaloneConfig ?? throw new InvalidOperationException("bug: standalone service without a config");
        logger.Standalone(options.ConfigFile ?? "(memory)");
        var result = await pipeline.ApplyAsync(config, persist: false, stoppingToken).ConfigureAwait(false);
        _applied.TrySetResult(result);
        if (!result.Succeeded)
        {
            outcome.ExitCode = Cli.ExitCodes.InvalidConfig;
            lifetime.StopApplication();
        }
    }
}
