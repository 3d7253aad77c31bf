using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class TelemetryEndpoints
{
    internal sealed record TunnelView(string Name, string SiteA, string SiteB, string Initiator, string Policy, bool WeakPolicy,
        IReadOnlyList<string> TrafficA, IReadOnlyList<string> TrafficB, IReadOnlyList<TunnelSample> Latest);

    internal sealed record TelemetryView(IReadOnlyList<TunnelSample> Tunnels, IReadOnlyList<ChildSaSample> ChildSas);

    public static void MapTelemetry(this RouteGroupBuilder api)
    {
        api.MapGet("/tunnels", async (KyotenDbContext db, FleetReconciler reconciler, CancellationToken ct) =>
        {
            var output = await reconciler.CompileAsync(db, ct);
            // The newest sample per (agent, tunnel) in one query.
            var latest = await db.TunnelSamples.AsNoTracking()
                .Where(s => s.At == db.TunnelSamples.Where(x => x.AgentId == s.AgentId && x.Tunnel == s.Tunnel).Max(x => x.At))
                .ToListAsync(ct);
            return output.Tunnels.Select(t =>
            {
                var names = new[] { t.NameFrom(t.A), t.NameFrom(t.B) };
                return new TunnelView($"{t.A.Name}--{t.B.Name}", t.A.Name, t.B.Name, t.Initiator.Name, t.Policy.Name, t.Policy.IsWeak, t.TsA, t.TsB,
                    [.. latest.Where(s => names.Contains(s.Tunnel) && (s.SiteId == t.A.Id || s.SiteId == t.B.Id))]);
            });
        }).WithTags("Tunnels");

        api.MapGet("/agents/{id:guid}/telemetry", async (Guid id, string? tunnel, DateTimeOffset? since, int? limit, KyotenDbContext db, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 1000);
            var tunnels = await db.TunnelSamples.AsNoTracking().Where(s => s.AgentId == id && (tunnel == null || s.Tunnel == tunnel) && (since == null || s.At >= since))
                .OrderByDescending(s => s.At).Take(take).ToListAsync(ct);
            var children = await db.ChildSaSamples.AsNoTracking().Where(s => s.AgentId == id && (tunnel == null || s.Tunnel == tunnel) && (since == null || s.At >= since))
                .OrderByDescending(s => s.At).Take(take).ToListAsync(ct);
            return new TelemetryView(tunnels, children);
        }).WithTags("Tunnels");

        api.MapGet("/events", async (Guid? siteId, string? kind, int? limit, KyotenDbContext db, CancellationToken ct) =>
        {
            var parsed = EnumText.TryParse<FleetEventKind>(kind, out var k) ? k : (FleetEventKind?)null;
            if (kind is not null && parsed is null)
            {
                return ValidationErrors.Single("kind", $"one of: {EnumText.Choices<FleetEventKind>()}");
            }

            return Results.Ok(await db.Events.AsNoTracking().Where(e => (siteId == null || e.SiteId == siteId) && (parsed == null || e.Kind == parsed))
                .OrderByDescending(e => e.Id).Take(Math.Clamp(limit ?? 100, 1, 1000))
                .Select(e => new { e.Id, e.At, e.SiteId, e.AgentId, e.Tunnel, Kind = e.Kind, e.Detail }).ToListAsync(ct));
        }).WithTags("Events");

        api.MapGet("/audit", async (int? limit, KyotenDbContext db, CancellationToken ct) =>
            await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct)).WithTags("Audit");
    }
}
