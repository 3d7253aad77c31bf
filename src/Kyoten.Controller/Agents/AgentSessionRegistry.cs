using System.Collections.Concurrent;
using Grpc.Core;
using Kyoten.Controller.Data;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Agents;

/// <summary>The agents streaming to this replica; refreshed from the database when any replica NOTIFYs.</summary>
internal sealed class AgentSessionRegistry(IServiceScopeFactory scopes, TimeProvider time)
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

    /// <summary>Kicks revoked or re-keyed agents and wakes those with a newer desired revision.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var ids = _sessions.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = time.GetUtcNow();
        var rows = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.DesiredRevision, a.RevokedAt, a.CertificateFingerprint, a.PreviousCertificateFingerprint, a.PreviousCertificateExpiresAt })
            .ToDictionaryAsync(a => a.Id, cancellationToken).ConfigureAwait(false);
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
                session.Signal();
            }
        }
    }
}
