using System.Security.Claims;
using Google.Protobuf;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class AgentEndpoints
{
    internal sealed record AgentView(
        Guid Id, Guid SiteId, string Site, string CertificateFingerprint, DateTimeOffset CertificateExpiresAt, string Version,
        DateTimeOffset EnrolledAt, DateTimeOffset? LastSeenAt, DateTimeOffset? RevokedAt, long DesiredRevision, long AppliedRevision,
        string ConnectionState, string? LastError)
    {
        public static AgentView From(Agent a) => new(
            a.Id, a.SiteId, a.Site?.Name ?? "", a.CertificateFingerprint, a.CertificateExpiresAt, a.Version, a.EnrolledAt, a.LastSeenAt, a.RevokedAt,
            a.DesiredRevision, a.AppliedRevision, EnumText.Of(a.ConnectionState), a.LastError);
    }

    private static readonly JsonFormatter ConfigJson = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static void MapAgents(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("/", async (KyotenDbContext db, CancellationToken ct) =>
            (await db.Agents.AsNoTracking().Include(a => a.Site).OrderBy(a => a.Site!.Name).ToListAsync(ct)).Select(AgentView.From));
        agents.MapGet("/{id:guid}", async (Guid id, KyotenDbContext db, CancellationToken ct) =>
            await db.Agents.AsNoTracking().Include(a => a.Site).SingleOrDefaultAsync(a => a.Id == id, ct) is { } a ? Results.Ok(AgentView.From(a)) : Results.NotFound());
        agents.MapGet("/{id:guid}/config", ConfigAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        agents.MapPost("/{id:guid}/revoke", RevokeAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
    }

    /// <summary>The compiled config as protobuf JSON, PSKs blanked: what the agent runs, minus secrets.</summary>
    private static async Task<IResult> ConfigAsync(Guid id, KyotenDbContext db, FleetReconciler reconciler, CancellationToken ct)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null || agent.ProtectedConfig.Length == 0)
        {
            return Results.NotFound();
        }

        var config = reconciler.Unprotect(agent.ProtectedConfig);
        foreach (var tunnel in config.Tunnels.Where(t => t.Psk.Length > 0))
        {
            tunnel.Psk = "(hidden)";
        }

        return Results.Text(ConfigJson.Format(config), "application/json");
    }

    internal static async Task<IResult> RevokeAsync(Guid id, KyotenDbContext db, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var agent = await db.Agents.Include(a => a.Site).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (agent is null)
        {
            return Results.NotFound();
        }

        var before = AgentView.From(agent);
        var now = time.GetUtcNow();
        agent.RevokedAt ??= now;
        db.Events.Add(new FleetEvent { At = now, AgentId = agent.Id, SiteId = agent.SiteId, Kind = FleetEventKind.AgentRevoked, Detail = $"by {user.Identity?.Name}" });
        audit.Record(db, user, "agent.revoke", "agent", id, before, AgentView.From(agent));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Every replica drops the agent's stream when this commits.
        await FleetReconciler.NotifyAsync(db, ct);
        await transaction.CommitAsync(ct);
        return Results.Ok(AgentView.From(agent));
    }
}
