using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Telemetry;

/// <summary>Drains the queue in batches: one SaveChanges for many reports keeps ingest cheap at fleet scale.</summary>
internal sealed partial class TelemetryWriter(TelemetryQueue queue, IServiceScopeFactory scopes, Dashboard.FleetSignal signal, ILogger<TelemetryWriter> logger) : BackgroundService
{
    private const int MaxBatch = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IngestItem>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await WriteAsync(batch, stoppingToken).ConfigureAwait(false);
                // Live dashboard pages re-query when new rows are committed.
                signal.Raise();
            }
            catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                LogWriteFailed(logger, batch.Count, e);
            }
        }
    }

    private async Task WriteAsync(List<IngestItem> batch, CancellationToken cancellationToken)
    {
        var tunnels = new List<TunnelSample>();
        var children = new List<ChildSaSample>();
        var events = new List<FleetEvent>();
        var seen = new Dictionary<Guid, DateTimeOffset>();
        var acks = new List<IngestItem.Ack>();
        var ike = new Dictionary<Guid, (DateTimeOffset At, Contracts.Agent.V1.IkeStatistics Body)>();
        foreach (var item in batch)
        {
            switch (item)
            {
                case IngestItem.Report report:
                    TelemetryMapper.AddRows(report, tunnels, children);
                    AgentIkeStatisticsUpdate.Collect(report, ike);
                    break;
                case IngestItem.Event e: events.Add(e.Body); break;
                case IngestItem.Seen s: seen[s.AgentId] = s.At; break;
                case IngestItem.Ack a: acks.Add(a); break;
                default: throw new InvalidOperationException("bug: unknown ingest item");
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await AgentRowUpdates.StoreAcksAsync(db, acks, events, cancellationToken).ConfigureAwait(false);
        // Before the samples: once a report's tunnel rows are visible, its IKE counters are too.
        await AgentIkeStatisticsUpdate.StoreAsync(db, ike, cancellationToken).ConfigureAwait(false);
        db.TunnelSamples.AddRange(tunnels);
        db.ChildSaSamples.AddRange(children);
        db.Events.AddRange(events);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await AgentRowUpdates.StoreSeenAsync(db, seen, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Writing {Count} telemetry items failed; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
