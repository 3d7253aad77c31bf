using Kyoten.Controller.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

internal sealed partial class FleetQueries
{
    public async Task<ResultPage<EventRow>> EventsAsync(EventFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Site))
        {
            var ids = db.Sites.Where(s => s.Name == filter.Site.Trim()).Select(s => (Guid?)s.Id);
            query = query.Where(e => ids.Contains(e.SiteId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Tunnel))
        {
            var pattern = "%" + Escape(filter.Tunnel.Trim()) + "%";
            query = query.Where(e => e.Tunnel != null && EF.Functions.ILike(e.Tunnel, pattern));
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(e => e.Kind == kind);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(e => e.Id).Skip(skip).Take(Math.Clamp(take, 1, 500))
            .Select(e => new EventRow(e.Id, e.At, e.SiteId, db.Sites.Where(s => s.Id == e.SiteId).Select(s => s.Name).FirstOrDefault(), e.Tunnel, e.Kind, e.Detail))
            .ToListAsync(cancellationToken);
        return new ResultPage<EventRow>(items, total);
    }

    public async Task<ResultPage<AuditEntry>> AuditAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(a => a.Actor == filter.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + Escape(filter.Search.Trim()) + "%";
            query = query.Where(a => EF.Functions.ILike(a.Action, pattern) || (a.EntityId != null && EF.Functions.ILike(a.EntityId, pattern)));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.Id).Skip(skip).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new ResultPage<AuditEntry>(items, total);
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
