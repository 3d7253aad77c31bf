using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

internal sealed partial class FleetQueries
{
    private static readonly FleetEventKind[] HistoryKinds = [FleetEventKind.TunnelUp, FleetEventKind.TunnelDown, FleetEventKind.Rekeyed, FleetEventKind.RekeyFailed, FleetEventKind.AuthFailed];

    public async Task<TunnelDetail?> TunnelAsync(string a, string b, CancellationToken cancellationToken)
    {
        (a, b) = TunnelNames.Canonical(a, b);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sites = await db.Sites.AsNoTracking().Include(s => s.Policy).Where(s => s.Name == a || s.Name == b).ToListAsync(cancellationToken);
        var siteA = sites.SingleOrDefault(s => s.Name == a);
        var siteB = sites.SingleOrDefault(s => s.Name == b);
        if (siteA is null || siteB is null)
        {
            return null;
        }

        var endA = await EndAsync(db, siteA, $"{a}--{b}", cancellationToken);
        var endB = await EndAsync(db, siteB, $"{b}--{a}", cancellationToken);
        string[] names = [endA.ReportName, endB.ReportName];
        var history = await db.Events.AsNoTracking()
            .Where(e => e.Tunnel != null && names.Contains(e.Tunnel) && (e.SiteId == siteA.Id || e.SiteId == siteB.Id) && HistoryKinds.Contains(e.Kind))
            .OrderByDescending(e => e.Id).Take(50)
            .Select(e => new EventRow(e.Id, e.At, e.SiteId, e.SiteId == siteA.Id ? a : b, e.Tunnel, e.Kind, e.Detail))
            .ToListAsync(cancellationToken);
        var output = await fleetCache.GetAsync(db, cancellationToken);
        var compiled = output.Tunnels.FirstOrDefault(t => t.A.Id == siteA.Id && t.B.Id == siteB.Id || t.A.Id == siteB.Id && t.B.Id == siteA.Id);
        return new TunnelDetail(a, b, compiled?.Policy.Name ?? "", compiled?.Policy.IsWeak ?? false, endA, endB, history);
    }

    public async Task<IReadOnlyList<TrafficPoint>> TrafficAsync(string a, string b, TrafficRange range, CancellationToken cancellationToken)
    {
        (a, b) = TunnelNames.Canonical(a, b);
        var (span, buckets) = range switch
        {
            TrafficRange.Hour => (TimeSpan.FromHours(1), 60),
            TrafficRange.Day => (TimeSpan.FromDays(1), 96),
            _ => (TimeSpan.FromDays(7), 84),
        };
        var bucketSeconds = span.TotalSeconds / buckets;
        var now = time.GetUtcNow();
        var since = now - span;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var siteA = await db.Sites.AsNoTracking().Where(s => s.Name == a).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        var agentA = await db.Agents.AsNoTracking().Where(x => x.SiteId == siteA && x.RevokedAt == null).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(cancellationToken);
        var rows = agentA is { } id
            ? await db.Database.SqlQuery<TrafficBucketRow>($"""
                SELECT to_timestamp(floor(extract(epoch FROM "At") / {bucketSeconds}) * {bucketSeconds}) AS "At", "SpiIn",
                       min("EstablishedAt") AS "EstablishedAt", max("BytesIn") AS "BytesIn", max("BytesOut") AS "BytesOut",
                       max("PacketsIn") AS "PacketsIn", max("PacketsOut") AS "PacketsOut"
                FROM "ChildSaSamples" WHERE "AgentId" = {id} AND "Tunnel" = {$"{a}--{b}"} AND "At" >= {since}
                GROUP BY 1, 2 ORDER BY 1
                """).ToListAsync(cancellationToken)
            : [];
        return Deltas(rows, since, bucketSeconds, buckets);
    }

    /// <summary>Cumulative per-SA counters to per-bucket traffic; an SA seen first mid-window counts from zero.</summary>
    internal static IReadOnlyList<TrafficPoint> Deltas(IReadOnlyList<TrafficBucketRow> rows, DateTimeOffset since, double bucketSeconds, int buckets)
    {
        var previous = new Dictionary<long, TrafficBucketRow>();
        var sums = new Dictionary<long, (long Bi, long Bo, long Pi, long Po)>();
        foreach (var row in rows.OrderBy(r => r.At))
        {
            if (!previous.TryGetValue(row.SpiIn, out var before))
            {
                // Established before the window: its earlier traffic is not this window's.
                before = row.EstablishedAt is { } e && e < since ? row : new TrafficBucketRow();
            }

            var key = (long)Math.Floor((row.At - since).TotalSeconds / bucketSeconds);
            sums.TryGetValue(key, out var s);
            sums[key] = (s.Bi + Math.Max(0, row.BytesIn - before.BytesIn), s.Bo + Math.Max(0, row.BytesOut - before.BytesOut),
                s.Pi + Math.Max(0, row.PacketsIn - before.PacketsIn), s.Po + Math.Max(0, row.PacketsOut - before.PacketsOut));
            previous[row.SpiIn] = row;
        }

        var points = new List<TrafficPoint>(buckets);
        for (var i = 0; i < buckets; i++)
        {
            sums.TryGetValue(i, out var s);
            points.Add(new TrafficPoint(since.AddSeconds(i * bucketSeconds), s.Bi, s.Bo, s.Pi, s.Po));
        }

        return points;
    }

    private static async Task<TunnelEnd> EndAsync(KyotenDbContext db, Site site, string reportName, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().Where(x => x.SiteId == site.Id && x.RevokedAt == null).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(cancellationToken);
        if (agent is not { } id)
        {
            return new TunnelEnd(site.Id, site.Name, reportName, null, []);
        }

        var ike = await db.TunnelSamples.AsNoTracking().Where(s => s.AgentId == id && s.Tunnel == reportName).OrderByDescending(s => s.At).FirstOrDefaultAsync(cancellationToken);
        var children = ike is null
            ? []
            : await db.ChildSaSamples.AsNoTracking().Where(c => c.AgentId == id && c.Tunnel == reportName && c.At == ike.At).OrderByDescending(c => c.EstablishedAt).ToListAsync(cancellationToken);
        return new TunnelEnd(site.Id, site.Name, reportName, ike, children);
    }
}
