using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Kyoten.Controller.Data;
using Kyoten.Controller.Compilation;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Agents;

/// <summary>The agents streaming to this replica; refreshed from the database when any replica NOTIFYs.</summary>
internal sealed partial class AgentSessionRegistry(IServiceScopeFactory scopes, FleetReconciler reconciler, CompiledConfigCache cache, TimeProvider time, ILogger<AgentSessionRegistry> logger)
{
    private readonly ConcurrentDictionary<Guid, AgentSession> _sessions = new();

    public int Count => _sessions.Count;

    public AgentSession Register(Guid agentId, string fingerprint)
    {
        var session = new AgentSession(agentId, fingerprint);
        _sessions.AddOrUpdate(agentId, session, (_, old) =>
        {
            old.Kick(StatusCode.Aborted, "replaced by a newer connection of the same agent");
            return session;
        });
        return session;
    }

    public void Unregister(AgentSession session) => _sessions.TryRemove(new KeyValuePair<Guid, AgentSession>(session.AgentId, session));

    /// <summary>The sessions streaming now (for sweeps over connected agents).</summary>
    public IReadOnlyCollection<AgentSession> Sessions => [.. _sessions.Values];

    public AgentSession? Find(Guid agentId) => _sessions.TryGetValue(agentId, out var session) ? session : null;

    /// <summary>
    /// Kicks revoked or re-keyed agents and wakes those with a newer desired revision, handing each
    /// the config to send: from memory when this replica compiled it, otherwise all missing ones
    /// read in one query, so a fleet-wide change costs two queries here, not one per agent.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var ids = _sessions.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = time.GetUtcNow();
        var rows = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DesiredRevision, a.ConfigHash, a.RevokedAt, a.CertificateFingerprint, a.PreviousCertificateFingerprint, a.PreviousCertificateExpiresAt })
            .ToDictionaryAsync(a => a.Id, cancellationToken).ConfigureAwait(false);
        var missing = new List<Guid>();
        var pushed = 0;
        foreach (var id in ids)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                continue;
            }

            if (!rows.TryGetValue(id, out var row))
            {
                session.Kick(StatusCode.PermissionDenied, "agent removed");
            }
            else if (row.RevokedAt is not null)
            {
                session.Kick(StatusCode.PermissionDenied, "certificate revoked");
            }
            else if (row.CertificateFingerprint != session.Fingerprint
                && (row.PreviousCertificateFingerprint != session.Fingerprint || row.PreviousCertificateExpiresAt <= now))
            {
                session.Kick(StatusCode.PermissionDenied, "certificate no longer valid for this agent");
            }
            else if (row.DesiredRevision > session.SentRevision)
            {
                if (cache.Find(id, row.DesiredRevision, row.ConfigHash) is { } config)
                {
                    session.Push(config);
                    pushed++;
                }
                else
                {
                    missing.Add(id);
                }
            }
        }

        if (missing.Count == 0)
        {
            LogRefreshed(logger, ids.Count, pushed, 0, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        var stored = await db.Agents.AsNoTracking().Where(a => missing.Contains(a.Id) && a.RevokedAt == null && a.ProtectedConfig.Length > 0)
            .Select(a => new { a.Id, a.DesiredRevision, a.ConfigHash, a.ProtectedConfig }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in stored)
        {
            if (_sessions.TryGetValue(row.Id, out var session))
            {
                session.Push(reconciler.Restore(row.Id, row.DesiredRevision, row.ConfigHash, row.ProtectedConfig));
            }
        }

        LogRefreshed(logger, ids.Count, pushed, stored.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Refreshed {Sessions} streams: {Cached} configs from memory, {Restored} from the database, in {Ms} ms")]
    private static partial void LogRefreshed(ILogger logger, int sessions, int cached, int restored, long ms);
}
