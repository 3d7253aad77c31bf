using Kyoten.Controller.Data;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

/// <summary>
/// Changes whenever anything the compiler reads for the dashboard changes: a site, policy or link
/// added, removed or edited, or the topology mode. Counts catch deletions, the newest timestamps
/// catch edits and a delete-plus-add. One round trip of aggregates instead of loading the fleet.
/// </summary>
internal sealed record FleetFingerprint(
    int Sites, DateTimeOffset? SitesUpdated, int Policies, DateTimeOffset? PoliciesUpdated, int Links, DateTimeOffset? LinksCreated, DateTimeOffset? Topology)
{
    public static async Task<FleetFingerprint> ReadAsync(KyotenDbContext db, CancellationToken cancellationToken)
    {
        var sites = await db.Sites.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Max = g.Max(s => (DateTimeOffset?)s.UpdatedAt) }).FirstOrDefaultAsync(cancellationToken);
        var policies = await db.Policies.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Max = g.Max(p => (DateTimeOffset?)p.UpdatedAt) }).FirstOrDefaultAsync(cancellationToken);
        var links = await db.Links.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Max = g.Max(l => (DateTimeOffset?)l.CreatedAt) }).FirstOrDefaultAsync(cancellationToken);
        var topology = await db.Topology.Select(t => (DateTimeOffset?)t.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        return new FleetFingerprint(sites?.Count ?? 0, sites?.Max, policies?.Count ?? 0, policies?.Max, links?.Count ?? 0, links?.Max, topology);
    }
}
