using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Kyoten.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Control;

public sealed class ConfigPipelineTests : IDisposable
{
    private readonly TempState _state = new();
    private readonly ConfigPipeline _pipeline;

    public ConfigPipelineTests()
    {
        _state.Paths.EnsureRoot();
        _pipeline = new ConfigPipeline(new RecordingApplier(new FakeTimeProvider()), new ConfigCache(_state.Paths), NullLogger<ConfigPipeline>.Instance);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void TelemetryInterval_DefaultsToTenSecondsBeforeAnyConfig() =>
        Assert.Equal(TimeSpan.FromSeconds(10), _pipeline.TelemetryInterval);

    [Theory]
    [InlineData(0u, 10)]
    [InlineData(3u, 3)]
    [InlineData(60u, 60)]
    public async Task TelemetryInterval_FollowsTheAppliedConfig(uint configured, int expectedSeconds)
    {
        var config = TestConfigs.Valid(1);
        config.Telemetry.IntervalSeconds = configured;

        await _pipeline.ApplyAsync(config, persist: false, TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), _pipeline.TelemetryInterval);
    }

    [Fact]
    public async Task ApplierThatThrows_BecomesAFailedResult_AndNothingIsCached()
    {
        var pipeline = new ConfigPipeline(new ThrowingApplier(), new ConfigCache(_state.Paths), NullLogger<ConfigPipeline>.Instance);

        var result = await pipeline.ApplyAsync(TestConfigs.Valid(1), persist: true, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(0UL, pipeline.AppliedRevision);
        Assert.False(File.Exists(_state.Paths.ConfigCache));
    }

    private sealed class ThrowingApplier : IConfigApplier
    {
        public Task<ApplyResult> ApplyAsync(Contracts.Agent.V1.AgentConfig config, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug: simulated");
    }
}
