using Kyoten.Agent.Config;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>
/// Stand-in until the IKE daemon exists: validates and records the configuration, and reports
/// each configured tunnel as <see cref="NotRunningState"/> so <c>status</c> shows what would run.
/// </summary>
internal sealed class LoggingConfigApplier(TimeProvider time, ILogger<LoggingConfigApplier> logger) : IConfigApplier, ITelemetrySource
{
    public const string NotRunningState = "CONFIGURED/NOT RUNNING";

    private volatile AgentConfig? _current;

    public AgentConfig? Current => _current;

    public Task<ApplyResult> ApplyAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = AgentConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            return Task.FromResult(ApplyResult.Failed(errors));
        }

        _current = config.Clone();
        logger.ConfigRecorded(config.Revision, config.Tunnels.Count);
        return Task.FromResult(ApplyResult.Success);
    }

    public TelemetryReport Snapshot()
    {
        var report = new TelemetryReport { UnixMillis = time.GetUtcNow().ToUnixTimeMilliseconds() };
        if (_current is { } config)
        {
            foreach (var tunnel in config.Tunnels)
            {
                report.Tunnels.Add(new TunnelStatus
                {
                    Tunnel = tunnel.Name,
                    PeerAddress = tunnel.RemoteAddress,
                    IkeState = NotRunningState,
                });
            }
        }

        return report;
    }
}
