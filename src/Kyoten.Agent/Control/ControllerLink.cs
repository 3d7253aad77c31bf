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
            // Loaded per attempt so a renewed certificate is used on the next connection.
            var identity = store.Load();
            var pin = new ControllerPin(identity.CaHash, identity.CaChain, time);
            var session = new ControllerSession(identity, pin, store, pipeline, telemetry, events, backoff, time, _logger);
            TimeSpan delay;
            try
            {
                _logger.Connecting(identity.Controller);
                if (await session.RunAsync(cancellationToken).ConfigureAwait(false) == SessionEnd.CertificateRenewed)
                {
                    continue;
                }

                delay = backoff.NextDelay();
                _logger.StreamEnded(delay);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                delay = backoff.NextDelay();
                if (pin.LastFailureReason is { } refused)
                {
                    _logger.ControllerNotTrusted(refused, delay);
                }
                else
                {
                    _logger.ConnectionLost($"{e.StatusCode}: {e.Status.Detail}", delay);
                }
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                delay = backoff.NextDelay();
                _logger.ConnectionLost(e.Message, delay);
            }
            finally
            {
                identity.Certificate.Dispose();
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
