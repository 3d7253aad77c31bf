using System.Threading.Channels;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>
/// One Connect stream. gRPC allows one writer at a time, so every outgoing message (hello, acks,
/// telemetry, events, keepalives) goes through one queue drained by a single write loop.
/// </summary>
internal sealed partial class ControllerSession(
    AgentIdentity identity,
    ControllerPin pin,
    IdentityStore store,
    ConfigPipeline pipeline,
    ITelemetrySource telemetry,
    AgentEventChannel events,
    ReconnectBackoff backoff,
    TimeProvider time,
    ILogger logger)
{
    // The controller drops a stream silent for three of its own 15 s intervals.
    public static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(15);

    public static readonly IReadOnlyList<string> Capabilities = ["config-ack", "telemetry", "events", "certificate-renewal"];

    private readonly Channel<AgentMessage> _outbound = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
    private PeriodicTimer? _telemetryTimer;
    private CancellationToken _daemonStopping;

    public async Task<SessionEnd> RunAsync(CancellationToken cancellationToken)
    {
        _daemonStopping = cancellationToken;
        using var channel = ControllerChannel.Create(identity.Controller, pin, identity.Certificate);
        var client = new AgentService.AgentServiceClient(channel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Connect(cancellationToken: stop.Token);
        // Timers exist before the hello leaves, so a peer that saw the hello can rely on them.
        using var telemetryTimer = new PeriodicTimer(pipeline.TelemetryInterval, time);
        using var keepaliveTimer = new PeriodicTimer(KeepaliveInterval, time);
        _telemetryTimer = telemetryTimer;
        Enqueue(new AgentMessage
        {
            Hello = new Hello { AppliedRevision = pipeline.AppliedRevision, AgentVersion = Enroller.AgentVersion, Capabilities = { Capabilities } },
        });

        var reader = ReadLoopAsync(call.ResponseStream, stop.Token);
        Task[] loops =
        [
            reader,
            WriteLoopAsync(call.RequestStream, stop.Token),
            TelemetryLoopAsync(telemetryTimer, stop.Token),
            KeepaliveLoopAsync(keepaliveTimer, stop.Token),
            EventPumpAsync(stop.Token),
        ];
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception) when (first.IsCompletedSuccessfully)
        {
            // The others were cancelled because the first one ended the session.
        }
        catch (Exception) when (!first.IsCompletedSuccessfully)
        {
            await first.ConfigureAwait(false); // rethrows the cause, not a follow-on cancellation
        }

        return first == reader ? await reader.ConfigureAwait(false) : SessionEnd.StreamEnded;
    }

    private void Enqueue(AgentMessage message) => _outbound.Writer.TryWrite(message);

    private async Task WriteLoopAsync(IClientStreamWriter<AgentMessage> requests, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await requests.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TelemetryLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Enqueue(new AgentMessage { Telemetry = telemetry.Snapshot() });
        }
    }

    private async Task KeepaliveLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Enqueue(new AgentMessage { Keepalive = new Keepalive { UnixMillis = time.GetUtcNow().ToUnixTimeMilliseconds() } });
        }
    }

    private async Task EventPumpAsync(CancellationToken cancellationToken)
    {
        await foreach (var tunnelEvent in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Enqueue(new AgentMessage { Event = tunnelEvent });
        }
    }
}
