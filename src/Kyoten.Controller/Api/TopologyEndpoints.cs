using System.Security.Claims;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class TopologyEndpoints
{
    internal sealed record TopologyInput(string? Mode);

    internal sealed record LinkInput(Guid? SiteA, Guid? SiteB, Guid? PolicyId);

    internal sealed record LinkView(Guid Id, Guid SiteA, Guid SiteB, Guid? PolicyId);

    internal sealed record TopologyView(string Mode, IReadOnlyList<LinkView> Links, IReadOnlyList<string> Warnings);

    public static void MapTopology(this RouteGroupBuilder api)
    {
        var topology = api.MapGroup("/topology").WithTags("Topology");
        topology.MapGet("/", async (KyotenDbContext db, FleetReconciler reconciler, CancellationToken ct) =>
        {
            var settings = await db.Topology.AsNoTracking().SingleOrDefaultAsync(ct);
            var links = await db.Links.AsNoTracking().OrderBy(l => l.CreatedAt).Select(l => new LinkView(l.Id, l.SiteAId, l.SiteBId, l.PolicyId)).ToListAsync(ct);
            var output = await reconciler.CompileAsync(db, ct);
            return new TopologyView(EnumText.Of(settings?.Mode ?? TopologyMode.FullMesh), links, output.Warnings);
        });
        topology.MapPut("/", SetModeAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        topology.MapPost("/links", AddLinkAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        topology.MapDelete("/links/{id:guid}", DeleteLinkAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
    }

    internal static async Task<IResult> SetModeAsync(TopologyInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!EnumText.TryParse<TopologyMode>(input.Mode, out var mode))
        {
            return ValidationErrors.Single("mode", ValidationText.Get("one of: {0}", EnumText.Choices<TopologyMode>()));
        }

        var settings = await db.Topology.SingleOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new TopologySettings();
            db.Topology.Add(settings);
        }

        var before = new TopologyInput(EnumText.Of(settings.Mode));
        settings.Mode = mode;
        settings.UpdatedAt = time.GetUtcNow();
        audit.Record(db, user, "topology.update", "topology", settings.Id, before, new TopologyInput(EnumText.Of(mode)));
        await reconciler.SaveAsync(db, ct);
        return Results.Ok(new TopologyInput(EnumText.Of(mode)));
    }

    internal static async Task<IResult> AddLinkAsync(LinkInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var a = input.SiteA is { } ida ? await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == ida, ct) : null;
        var b = input.SiteB is { } idb ? await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == idb, ct) : null;
        if (a is null)
        {
            errors.Add("siteA", input.SiteA is null ? ValidationText.Get("required") : ValidationText.Get("no site with id {0}", input.SiteA));
        }

        if (b is null)
        {
            errors.Add("siteB", input.SiteB is null ? ValidationText.Get("required") : ValidationText.Get("no site with id {0}", input.SiteB));
        }

        if (a is not null && b is not null)
        {
            if (TopologyPlanner.WhyNotLinkableFormat(a, b) is { } why)
            {
                errors.Add("siteB", ValidationText.Get(why.Format, why.A, why.B));
            }
            else
            {
                (a, b) = string.CompareOrdinal(a.Name, b.Name) < 0 ? (a, b) : (b, a);
                if (await db.Links.AnyAsync(l => l.SiteAId == a.Id && l.SiteBId == b.Id, ct))
                {
                    errors.Add("siteB", ValidationText.Get("'{0}' and '{1}' are already linked", a.Name, b.Name));
                }
            }

            var anyExternal = a.Kind == SiteKind.External || b.Kind == SiteKind.External;
            await SiteValidator.CheckPolicyAsync(db, input.PolicyId, anyExternal ? SiteKind.External : SiteKind.Managed, errors, ct);
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var link = new SiteLink { Id = Guid.CreateVersion7(), SiteAId = a!.Id, SiteBId = b!.Id, PolicyId = input.PolicyId, CreatedAt = time.GetUtcNow() };
        db.Links.Add(link);
        var view = new LinkView(link.Id, link.SiteAId, link.SiteBId, link.PolicyId);
        audit.Record(db, user, "link.create", "link", link.Id, null, view);
        await reconciler.SaveAsync(db, ct);
        return Results.Created($"/api/topology/links/{link.Id}", view);
    }

    internal static async Task<IResult> DeleteLinkAsync(Guid id, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var link = await db.Links.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (link is null)
        {
            return Results.NotFound();
        }

        db.Links.Remove(link);
        audit.Record(db, user, "link.delete", "link", id, new LinkView(link.Id, link.SiteAId, link.SiteBId, link.PolicyId), null);
        await reconciler.SaveAsync(db, ct);
        return Results.NoContent();
    }
}
