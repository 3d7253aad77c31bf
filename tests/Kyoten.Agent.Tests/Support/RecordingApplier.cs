using System.Threading.Channels;
using Kyoten.Agent.Control;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Support;

/// <summary>The real stand-in applier, plus a channel of every configuration it accepted.</summary>
internal sealed class RecordingApplier(TimeProvider time) : IConfigApplier, ITelemetrySource
{
    private readonly LoggingConfigApplier _inner = new(time, NullLogger<LoggingConfigApplier>.Instance);

    public Channel<AgentConfig> Applied { get; } = Channel.CreateUnbounded<AgentConfig>();

    public AgentConfig? Current => _inner.Current;

    public async Task<ApplyResult> ApplyAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        var result = await _inner.ApplyAsync(config, cancellationToken);
        if (result.Succeeded)
        {
            Applied.Writer.TryWrite(config);
        }

        return result;
    }

    public TelemetryReport Snapshot() => _inner.Snapshot();

    public static RecordingApplier Create(FakeTimeProvider time) => new(time);
}
