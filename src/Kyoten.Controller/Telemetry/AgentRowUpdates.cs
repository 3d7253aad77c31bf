using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Kyoten.Controller.Telemetry;

/// <summary>
/// Agent-row updates from a batch of stream messages, each as one <c>UPDATE ... FROM unnest</c>:
/// a fleet acking a change at once is one statement, not thousands of round trips.
/// </summary>
internal static class AgentRowUpdates
{
    private const int MaxError = 8000;

    /// <summary>
    /// Per agent: the newest revision acked as applied (a success followed by a refusal in the
    /// same batch still records the success) and the last ack's error; every ack also becomes an event.
    /// </summary>
    public static async Task StoreAcksAsync(KyotenDbContext db, IReadOnlyList<IngestItem.Ack> acks, List<FleetEvent> events, CancellationToken cancellationToken)
    {
        var last = new Dictionary<Guid, (long? Applied, string? Error)>();
        foreach (var ack in acks)
        {
            var errors = string.Join("\n", ack.Body.Errors.Take(50));
            if (errors.Length > MaxError)
            {
                errors = errors[..MaxError];
            }

            var revision = (long)ack.Body.Revision;
            long? applied = last.TryGetValue(ack.AgentId, out var earlier) ? earlier.Applied : null;
            if (ack.Body.Success)
            {
                applied = Math.Max(applied ?? revision, revision);
            }

            last[ack.AgentId] = (applied, ack.Body.Success ? null : errors);
            events.Add(new FleetEvent
            {
                At = ack.At,
                AgentId = ack.AgentId,
                SiteId = ack.SiteId,
                Kind = ack.Body.Success ? FleetEventKind.ConfigApplied : FleetEventKind.ConfigRejected,
                Detail = ack.Body.Success ? $"revision {revision}" : $"revision {revision}: {errors}",
            });
        }

        if (last.Count == 0)
        {
            return;
        }

        // A refusal keeps the applied revision and records why; a success clears the error.
        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE "Agents" AS a
            SET "AppliedRevision" = COALESCE(u.applied, a."AppliedRevision"), "LastError" = u.error
            FROM unnest(@ids, @applied, @errors) AS u(id, applied, error)
            WHERE a."Id" = u.id
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = last.Keys.ToArray() },
                new NpgsqlParameter("applied", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = last.Values.Select(v => v.Applied).ToArray() },
                new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = last.Values.Select(v => v.Error).ToArray() },
            ],
            cancellationToken).ConfigureAwait(false);
    }

    public static async Task StoreSeenAsync(KyotenDbContext db, Dictionary<Guid, DateTimeOffset> seen, CancellationToken cancellationToken)
    {
        if (seen.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE "Agents" AS a SET "LastSeenAt" = u.seen
            FROM unnest(@ids, @seen) AS u(id, seen)
            WHERE a."Id" = u.id
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = seen.Keys.ToArray() },
                new NpgsqlParameter("seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = seen.Values.Select(v => v.ToUniversalTime()).ToArray() },
            ],
            cancellationToken).ConfigureAwait(false);
    }
}
