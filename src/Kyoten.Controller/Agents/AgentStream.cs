using Google.Protobuf;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Hosting;
using Kyoten.Controller.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Agents;

/// <summary>
/// One agent's Connect stream: Hello, snapshot when the agent is behind, then pushes on wake-up,
/// keepalives both ways, acks, telemetry and events upstream. Only the loop in
/// <see cref="RunAsync"/> writes to the response stream.
/// </summary>
internal sealed partial class AgentStream(
    AgentAuthenticator authenticator,
    AgentSessionRegistry registry,
    IServiceScopeFactory scopes,
    FleetReconciler reconciler,
    CertificateRenewer renewer,
    TelemetryQueue telemetry,
    TimeProvider time,
    IOptions<KyotenOptions> options,
    ILogger<AgentStream> logger)
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SeenEvery = TimeSpan.FromSeconds(30);

    public async Task RunAsync(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<ControllerMessage> responses, ServerCallContext context)
    {
        // The certificate belongs to the TLS connection (shared by its HTTP/2 streams): not ours to dispose.
        var (agent, fingerprint, _) = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        var hello = await ReadHelloAsync(requests, context.CancellationToken).ConfigureAwait(false);
        var session = registry.Register(agent.Id, fingerprint);
        var siteId = agent.SiteId;
        try
        {
            await MarkConnectedAsync(agent.Id, siteId, hello, context.CancellationToken).ConfigureAwait(false);
            LogConnected(logger, agent.Site!.Name, (long)hello.AppliedRevision);
            session.SentRevision = (long)hello.AppliedRevision;
            if (agent.DesiredRevision > 0 && agent.DesiredRevision != (long)hello.AppliedRevision && agent.ProtectedConfig.Length > 0)
            {
                // The row was read by the authenticator just now: no second query, and no decryption when this replica compiled it.
                session.Push(reconciler.Restore(agent.Id, agent.DesiredRevision, agent.ConfigHash, agent.ProtectedConfig));
                await SendConfigAsync(session, responses, context.CancellationToken, force: true).ConfigureAwait(false);
            }

            // An agent still on its pre-renewal certificate missed the push (it was renewed on a
            // stream that broke, or on another replica): hand it the current one again.
            var renewed = fingerprint == agent.CertificateFingerprint
                ? await renewer.RenewIfDueAsync(agent.Id, context.CancellationToken).ConfigureAwait(false)
                : agent.CertificateDer;
            if (renewed is not null)
            {
                await responses.WriteAsync(new ControllerMessage { Renewal = new CertificateRenewal { Certificate = ByteString.CopyFrom(renewed) } }, context.CancellationToken).ConfigureAwait(false);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Kicked);
            var lastReceived = time.GetTimestamp();
            var reader = ReadLoopAsync(requests, agent.Id, siteId, () => lastReceived = time.GetTimestamp(), stop.Token);
            var keepalive = TimeSpan.FromSeconds(options.Value.AgentKeepaliveSeconds);
            try
            {
                await PumpAsync(session, responses, context, reader, keepalive, () => lastReceived, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await reader.ConfigureAwait(false);
            }
        }
        finally
        {
            registry.Unregister(session);
            await MarkDisconnectedAsync(agent.Id, siteId).ConfigureAwait(false);
            LogDisconnected(logger, agent.Site!.Name);
        }
    }

    private async Task PumpAsync(AgentSession session, IServerStreamWriter<ControllerMessage> responses, ServerCallContext context, Task reader, TimeSpan keepalive, Func<long> lastReceived, CancellationToken stop)
    {
            while (true)
            {
                var wake = session.Wake.Reader.WaitToReadAsync(stop).AsTask();
                var tick = Task.Delay(keepalive, time, stop);
                var done = await Task.WhenAny(wake, tick, reader).ConfigureAwait(false);
                if (session.Kicked.IsCancellationRequested)
                {
                    throw new RpcException(session.KickStatus);
                }

                if (done == reader)
                {
                    // The agent closed its side (or the call ended): observe exceptions, then finish.
                    await reader.ConfigureAwait(false);
                    return;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                if (done == wake)
                {
                    session.Wake.Reader.TryRead(out bool _);
                    await SendConfigAsync(session, responses, context.CancellationToken, force: false).ConfigureAwait(false);
                    if (session.TakeRenewal() is { } certificate)
                    {
                        await responses.WriteAsync(new ControllerMessage { Renewal = new CertificateRenewal { Certificate = ByteString.CopyFrom(certificate) } }, context.CancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    if (time.GetElapsedTime(lastReceived()) > keepalive * 3)
                    {
                        throw new RpcException(new Status(StatusCode.Unavailable, "no message from the agent for three keepalive intervals"));
                    }

                    await responses.WriteAsync(new ControllerMessage { Keepalive = new Keepalive { UnixMillis = time.GetUtcNow().ToUnixTimeMilliseconds() } }, context.CancellationToken).ConfigureAwait(false);
                }
            }
    }

    private static async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requests, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelloTimeout);
        try
        {
            if (await requests.MoveNext(timeout.Token).ConfigureAwait(false) && requests.Current.BodyCase == AgentMessage.BodyOneofCase.Hello)
            {
                return requests.Current.Hello;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "no Hello within 30 seconds"));
        }

        throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message must be Hello"));
    }

    /// <summary>Writes the session's target config when it is ahead of what the agent has (or always, at connect).</summary>
    private static async Task SendConfigAsync(AgentSession session, IServerStreamWriter<ControllerMessage> responses, CancellationToken cancellationToken, bool force)
    {
        var target = session.Target;
        if (target is null || (!force && target.Revision <= session.SentRevision))
        {
            return;
        }

        await responses.WriteAsync(target.Message, cancellationToken).ConfigureAwait(false);
        session.SentRevision = target.Revision;
    }

    private async Task ReadLoopAsync(IAsyncStreamReader<AgentMessage> requests, Guid agentId, Guid siteId, Action touched, CancellationToken cancellationToken)
    {
        var lastSeenWritten = long.MinValue;
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                touched();
                var now = time.GetUtcNow();
                if (lastSeenWritten == long.MinValue || time.GetElapsedTime(lastSeenWritten) > SeenEvery)
                {
                    lastSeenWritten = time.GetTimestamp();
                    await telemetry.EnqueueAsync(new IngestItem.Seen(agentId, now), cancellationToken).ConfigureAwait(false);
                }

                var message = requests.Current;
                switch (message.BodyCase)
                {
                    case AgentMessage.BodyOneofCase.Ack:
                        // Batched with the telemetry: one UPDATE for a whole fleet's acks instead of one per agent.
                        await telemetry.EnqueueAsync(new IngestItem.Ack(agentId, siteId, now, message.Ack), cancellationToken).ConfigureAwait(false);
                        break;
                    case AgentMessage.BodyOneofCase.Telemetry:
                        await telemetry.EnqueueAsync(new IngestItem.Report(agentId, siteId, now, message.Telemetry), cancellationToken).ConfigureAwait(false);
                        break;
                    case AgentMessage.BodyOneofCase.Event:
                        await telemetry.EnqueueAsync(new IngestItem.Event(TelemetryMapper.ToEvent(agentId, siteId, now, message.Event)), cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        // Keepalive or a repeated Hello: being alive is all they say.
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream is ending on our side.
        }
        catch (IOException)
        {
            // The agent went away mid-message.
        }
    }

    private async Task MarkConnectedAsync(Guid agentId, Guid siteId, Hello hello, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = time.GetUtcNow();
        var version = hello.AgentVersion.Length > 64 ? hello.AgentVersion[..64] : hello.AgentVersion;
        await db.Agents.Where(a => a.Id == agentId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ConnectionState, AgentConnectionState.Connected)
            .SetProperty(a => a.LastSeenAt, now)
            .SetProperty(a => a.Version, version)
            .SetProperty(a => a.AppliedRevision, (long)hello.AppliedRevision), cancellationToken).ConfigureAwait(false);
        db.Events.Add(new FleetEvent { At = now, AgentId = agentId, SiteId = siteId, Kind = FleetEventKind.AgentConnected, Detail = $"version {version}, revision {hello.AppliedRevision}" });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task MarkDisconnectedAsync(Guid agentId, Guid siteId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            var now = time.GetUtcNow();
            await db.Agents.Where(a => a.Id == agentId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ConnectionState, AgentConnectionState.Disconnected)
                .SetProperty(a => a.LastSeenAt, now)).ConfigureAwait(false);
            db.Events.Add(new FleetEvent { At = now, AgentId = agentId, SiteId = siteId, Kind = FleetEventKind.AgentDisconnected });
            await db.SaveChangesAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogDisconnectNotStored(logger, e);
        }
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Information, Message = "Agent of site {Site} connected at revision {Revision}")]
    private static partial void LogConnected(ILogger logger, string site, long revision);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Information, Message = "Agent of site {Site} disconnected")]
    private static partial void LogDisconnected(ILogger logger, string site);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Could not record an agent's disconnection")]
    private static partial void LogDisconnectNotStored(ILogger logger, Exception exception);
}
