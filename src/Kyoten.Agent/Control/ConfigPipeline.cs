using Kyoten.Agent.Config;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>
/// The one way a configuration gets applied: validate, hand to the <see cref="IConfigApplier"/>,
/// then cache. A refused configuration leaves the previous one in force and uncached.
/// </summary>
internal sealed class ConfigPipeline(IConfigApplier applier, ConfigCache cache, ILogger<ConfigPipeline> logger)
{
    public const uint DefaultTelemetrySeconds = 10;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AgentConfig? _current;

    public AgentConfig? Current => _current;

    public ulong AppliedRevision => _current?.Revision ?? 0;

    public TimeSpan TelemetryInterval =>
        TimeSpan.FromSeconds(_current?.Telemetry is { IntervalSeconds: > 0 } t ? t.IntervalSeconds : DefaultTelemetrySeconds);

    public async Task<ApplyResult> ApplyAsync(AgentConfig config, bool persist, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var errors = AgentConfigValidator.Validate(config);
            var result = errors.Count > 0 ? ApplyResult.Failed(errors) : await ApplyGuardedAsync(config, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                logger.ConfigRefused(config.Revision, AppliedRevision, string.Join("; ", result.Errors));
                return result;
            }

            _current = config;
            if (persist)
            {
                try
                {
                    cache.Save(config);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Applied but not cached: still running it is better than refusing it.
                    logger.CacheWriteFailed(e);
                }
            }

            logger.ConfigApplied(config.Revision, config.Tunnels.Count);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies state/config-cache.json if there is a usable one; true if it did.</summary>
    public async Task<bool> ApplyCachedAsync(CancellationToken cancellationToken)
    {
        if (!cache.TryLoad(out var config, out var errors))
        {
            if (errors.Count > 0)
            {
                logger.CachedConfigUnusable(string.Join("; ", errors));
            }

            return false;
        }

        var result = await ApplyAsync(config, persist: false, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            logger.CachedConfigApplied(config.Revision, config.Tunnels.Count);
        }

        return result.Succeeded;
    }

    // An applier that throws is our bug; the controller still gets an ack instead of a dead stream.
    private async Task<ApplyResult> ApplyGuardedAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        try
        {
            return await applier.ApplyAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.ApplierFailed(config.Revision, e);
            return ApplyResult.Failed([$"internal error while applying: {e.GetType().Name}"]);
        }
    }
}
