using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

/// <summary>The dashboard's reads, each in a short-lived context (a circuit outlives any one unit of work).</summary>
internal sealed partial class FleetQueries(IDbContextFactory<KyotenDbContext> contexts, FleetReconciler reconciler, CompiledFleetCache fleetCache, TimeProvider time) : IFleetQueries
{
    /// <summary>A tunnel whose last report is older than this counts as down (agents report every ~10 s).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(2);

    /// <summary>"Due for rekey" on the overview.</summary>
    public static readonly TimeSpan RekeySoon = TimeSpan.FromMinutes(15);

    public async Task<FleetCounts> CountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var sites = await db.Sites.CountAsync(cancellationToken);
        var agents = await db.Agents.Where(a => a.RevokedAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { All = g.Count(), Connected = g.Count(a => a.ConnectionState == AgentConnectionState.Connected) })
            .SingleOrDefaultAsync(cancellationToken);
        var (day, fresh, soon) = (now.AddDays(-1), now - Stale, now + RekeySoon);
        // One row per tunnel (both ends' reports folded together), counted in PostgreSQL.
        var counts = await db.Database.SqlQuery<CountsRow>($"""
            WITH latest AS (
                SELECT DISTINCT ON ("AgentId", "Tunnel") "Tunnel", "IkeState", "At", "NextRekeyAt"
                FROM "TunnelSamples" WHERE "At" > {day} ORDER BY "AgentId", "Tunnel", "At" DESC),
            pairs AS (
                SELECT LEAST(split_part("Tunnel", '--', 1) COLLATE "C", split_part("Tunnel", '--', 2) COLLATE "C") AS a,
                       GREATEST(split_part("Tunnel", '--', 1) COLLATE "C", split_part("Tunnel", '--', 2) COLLATE "C") AS b,
                       bool_or("At" > {fresh} AND upper("IkeState") IN ('ESTABLISHED', 'REKEYING')) AS up,
                       min("NextRekeyAt") AS next
                FROM latest GROUP BY 1, 2)
            SELECT count(*) FILTER (WHERE up)::int AS "Up", count(*) FILTER (WHERE NOT up)::int AS "Down",
                   count(*) FILTER (WHERE up AND next < {soon})::int AS "RekeyDue"
            FROM pairs
            """).SingleAsync(cancellationToken);
        return new FleetCounts(sites, agents?.All ?? 0, agents?.Connected ?? 0, counts.Up, counts.Down, counts.RekeyDue);
    }

    public async Task<IReadOnlyList<TunnelRow>> RekeyDueAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var (fresh, soon) = (now - Stale, now + RekeySoon);
        var rows = await db.Database.SqlQuery<LatestTunnelRow>($"""
            SELECT * FROM (
                SELECT DISTINCT ON ("AgentId", "Tunnel") "SiteId", "Tunnel", "IkeState", "At", "NextRekeyAt"
                FROM "TunnelSamples" WHERE "At" > {fresh} ORDER BY "AgentId", "Tunnel", "At" DESC) latest
            WHERE "NextRekeyAt" < {soon} AND upper("IkeState") IN ('ESTABLISHED', 'REKEYING')
            ORDER BY "NextRekeyAt" LIMIT {count * 2}
            """).ToListAsync(cancellationToken);
        // Both ends report the same tunnel; list it once.
        return [.. rows.Select(r => ToRow(r, now)).DistinctBy(t => TunnelNames.Canonical(t.Local, t.Peer)).Take(count)];
    }

    public async Task<TopologyPicture> TopologyAsync(int maxSites, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var total = await db.Sites.CountAsync(cancellationToken);
        var nodes = await db.Sites.AsNoTracking().OrderBy(s => s.Name).Take(maxSites)
            .Select(s => new TopologyNode(s.Id, s.Name, db.Agents.Where(a => a.SiteId == s.Id && a.RevokedAt == null).Select(a => (AgentConnectionState?)a.ConnectionState).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var shown = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var latest = await LatestAsync(db, now.AddDays(-1), cancellationToken);
        var edges = latest
            .Select(r => (Ok: TunnelNames.TrySplit(r.Tunnel, out var l, out var p), Pair: TunnelNames.Canonical(l, p), Up: r.At > now - Stale && TunnelNames.IsUp(r.IkeState)))
            .Where(x => x.Ok && shown.Contains(x.Pair.A) && shown.Contains(x.Pair.B))
            .GroupBy(x => x.Pair)
            .Select(g => new TopologyEdge(g.Key.A, g.Key.B, g.Any(x => x.Up) ? TunnelState.Up : TunnelState.Down))
            .ToList();
        return new TopologyPicture(nodes, edges, total - nodes.Count);
    }

    public async Task<ResultPage<SiteRow>> SitesAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Sites.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(s => EF.Functions.ILike(s.Name, pattern) || EF.Functions.ILike(s.Description, pattern) || (s.WanAddress != null && EF.Functions.ILike(s.WanAddress, pattern)));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.Name).Skip(skip).Take(Math.Clamp(take, 1, 500))
            .Select(s => new
            {
                s.Id, s.Name, s.WanAddress, s.Role, s.Kind, s.LanSubnets,
                Agent = db.Agents.Where(a => a.SiteId == s.Id && a.RevokedAt == null).Select(a => new { a.ConnectionState, a.LastSeenAt }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return new ResultPage<SiteRow>(
            [.. rows.Select(r => new SiteRow(r.Id, r.Name, r.WanAddress, r.Role, r.Kind, r.LanSubnets, r.Agent?.ConnectionState, r.Agent?.LastSeenAt))], total);
    }

    public async Task<SiteDetail?> SiteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var site = await db.Sites.AsNoTracking().Include(s => s.Policy).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var agent = await db.Agents.AsNoTracking().Where(a => a.SiteId == id).OrderBy(a => a.RevokedAt != null).ThenByDescending(a => a.EnrolledAt).FirstOrDefaultAsync(cancellationToken);
        var tokens = await db.EnrollmentTokens.AsNoTracking().Where(t => t.SiteId == id).OrderByDescending(t => t.CreatedAt).Take(20).ToListAsync(cancellationToken);
        var policy = site.Policy?.Name ?? await db.Policies.Where(p => p.IsDefault).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        var prefix = site.Name + TunnelNames.Separator;
        var reported = await db.Database.SqlQuery<LatestTunnelRow>($"""
            SELECT DISTINCT ON ("AgentId", "Tunnel") "SiteId", "Tunnel", "IkeState", "At", "NextRekeyAt"
            FROM "TunnelSamples" WHERE "SiteId" = {id} AND "At" > {now.AddDays(-1)} ORDER BY "AgentId", "Tunnel", "At" DESC
            """).ToListAsync(cancellationToken);
        var tunnels = reported.Where(r => r.Tunnel.StartsWith(prefix, StringComparison.Ordinal)).Select(r => ToRow(r, now))
            .GroupBy(t => t.Peer).Select(g => g.OrderByDescending(t => t.ReportedAt).First()).ToList();

        // Tunnels the compiler plans but the agent has not reported yet.
        var planned = (await fleetCache.GetAsync(db, cancellationToken)).Tunnels.Where(t => t.A.Id == id || t.B.Id == id).Select(t => (t.A.Id == id ? t.B : t.A).Name);
        tunnels.AddRange(planned.Where(p => tunnels.All(t => t.Peer != p)).Select(p => new TunnelRow(site.Name, p, TunnelState.Unknown, "", null, null)));
        return new SiteDetail(site, agent, policy, tokens, [.. tunnels.OrderBy(t => t.Peer, StringComparer.Ordinal)]);
    }

    public async Task<IReadOnlyList<CryptoPolicy>> PoliciesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Policies.AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
    }

    public async Task<TopologyMode> TopologyModeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Topology.AsNoTracking().Select(t => (TopologyMode?)t.Mode).SingleOrDefaultAsync(cancellationToken) ?? TopologyMode.FullMesh;
    }

    private static Task<List<LatestTunnelRow>> LatestAsync(KyotenDbContext db, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<LatestTunnelRow>($"""
            SELECT DISTINCT ON ("AgentId", "Tunnel") "SiteId", "Tunnel", "IkeState", "At", "NextRekeyAt"
            FROM "TunnelSamples" WHERE "At" > {since} ORDER BY "AgentId", "Tunnel", "At" DESC
            """).ToListAsync(cancellationToken);

    private static TunnelRow ToRow(LatestTunnelRow r, DateTimeOffset now)
    {
        TunnelNames.TrySplit(r.Tunnel, out var local, out var peer);
        var state = r.At > now - Stale && TunnelNames.IsUp(r.IkeState) ? TunnelState.Up : TunnelState.Down;
        return new TunnelRow(local, peer, state, r.IkeState, r.NextRekeyAt, r.At);
    }
}
