using Grpc.Core;
using Kyoten.Agent.Config;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>
/// Keeps one stream to the controller open for the agent's lifetime: applies the cached config
/// first (tunnels come up even with the controller away), then connects, and after every loss
/// reconnects with jittered exponential back-off.
/// </summary>
internal sealed class ControllerLink(
    StatePaths paths,
    ConfigPipeline pipeline,
    ITelemetrySource telemetry,
    AgentEventChannel events,
    ReconnectBackoff backoff,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<ControllerLink>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await pipeline.ApplyCachedAsync(cancellationToken).ConfigureAwait(false);
        var store = new IdentityStore(paths);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            AgentIdentity? identity = null;
            ControllerPin? pin = null;
            try
            {
                // Loaded per attempt so a renewed certificate is used on the next connection.
                identity = store.Load();
                pin = new ControllerPin(identity.CaHash, identity.CaChain, time);
                var session = new ControllerSession(identity, pin, store, pipeline, telemetry, events, backoff, time, _logger);
                _logger.Connecting(identity.Controller);
                if (await session.RunAsync(cancellationToken).ConfigureAwait(false) == SessionEnd.CertificateRenewed)
                {
                    continue;
                }

                delay = backoff.NextDelay();
                _logger.StreamEnded(delay);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping: whatever the session was doing no longer matters
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                delay = backoff.NextDelay();
                if (pin?.LastFailureReason is { } refused)
                {
                    _logger.ControllerNotTrusted(refused, delay);
                }
                else
                {
                    var cause = e.Status.DebugException is { } inner ? $" ({inner.Message})" : "";
                    _logger.ConnectionLost($"{e.StatusCode}: {e.Status.Detail}{cause}", delay);
                }
            }
            catch (Exception e) when (e is not RpcException)
            {
                // A daemon keeps trying: an unreadable identity or a transport surprise is logged and retried.
                delay = backoff.NextDelay();
                _logger.ConnectionLost($"{e.GetType().Name}: {e.Message}", delay);
            }
            finally
            {
                identity?.Certificate.Dispose();
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
