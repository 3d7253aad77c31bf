using System.Security.Claims;
using System.Security.Cryptography;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Identity;
using Kyoten.Controller.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class SiteEndpoints
{
    public static void MapSites(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");
        sites.MapGet("/", async (KyotenDbContext db, CancellationToken ct) =>
            (await db.Sites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(SiteView.From));
        sites.MapGet("/{id:guid}", async (Guid id, KyotenDbContext db, CancellationToken ct) =>
            await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } site ? Results.Ok(SiteView.From(site)) : Results.NotFound());
        sites.MapPost("/", CreateAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        sites.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        sites.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        sites.MapPost("/{id:guid}/psk", RotatePskAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
    }

    internal static async Task<IResult> CreateAsync(SiteInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit,
        IDataProtectionProvider protection, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = await SiteValidator.ValidateAsync(db, input, null, ct);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = time.GetUtcNow();
        var site = new Site { Id = Guid.CreateVersion7(), Name = input.Name!, CreatedAt = now };
        SiteValidator.Apply(input, site, now);
        string? psk = null;
        if (site.Kind == SiteKind.External)
        {
            psk = input.Psk ?? NewPsk();
            site.ProtectedPsk = protection.CreateProtector(ProtectionPurposes.SitePsk).Protect(psk);
        }

        db.Sites.Add(site);
        audit.Record(db, user, "site.create", "site", site.Id, null, SiteView.From(site));
        if (!await TrySaveAsync(db, reconciler, ct))
        {
            return ValidationErrors.Single("name", $"a site named '{site.Name}' already exists");
        }

        // The PSK is returned only when the controller made it up; one the admin typed is not echoed.
        return Results.Created($"/api/sites/{site.Id}", new SiteCreated(SiteView.From(site), input.Psk is null ? psk : null));
    }

    internal static async Task<IResult> UpdateAsync(Guid id, SiteInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit,
        IDataProtectionProvider protection, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return Results.NotFound();
        }

        var errors = await SiteValidator.ValidateAsync(db, input, site, ct);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var before = SiteView.From(site);
        SiteValidator.Apply(input, site, time.GetUtcNow());
        if (site.Kind == SiteKind.External && input.Psk is not null)
        {
            site.ProtectedPsk = protection.CreateProtector(ProtectionPurposes.SitePsk).Protect(input.Psk);
        }

        audit.Record(db, user, "site.update", "site", site.Id, before, SiteView.From(site));
        if (!await TrySaveAsync(db, reconciler, ct))
        {
            return ValidationErrors.Single("name", $"a site named '{site.Name}' already exists");
        }

        return Results.Ok(SiteView.From(site));
    }

    internal static async Task<IResult> DeleteAsync(Guid id, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return Results.NotFound();
        }

        db.Sites.Remove(site);
        audit.Record(db, user, "site.delete", "site", site.Id, SiteView.From(site), null);
        // The site's agent row goes with it; every replica drops its stream on the NOTIFY.
        await reconciler.SaveAsync(db, ct, notify: true);
        return Results.NoContent();
    }

    private static async Task<IResult> RotatePskAsync(Guid id, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit,
        IDataProtectionProvider protection, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (site is null)
        {
            return Results.NotFound();
        }

        if (site.Kind != SiteKind.External)
        {
            return ValidationErrors.Single("kind", "only external sites have a pre-shared key");
        }

        var psk = NewPsk();
        site.ProtectedPsk = protection.CreateProtector(ProtectionPurposes.SitePsk).Protect(psk);
        site.UpdatedAt = time.GetUtcNow();
        audit.Record(db, user, "site.rotate-psk", "site", site.Id, null, null);
        await reconciler.SaveAsync(db, ct);
        return Results.Ok(new SiteCreated(SiteView.From(site), psk));
    }

    private static async Task<bool> TrySaveAsync(KyotenDbContext db, FleetReconciler reconciler, CancellationToken ct)
    {
        try
        {
            await reconciler.SaveAsync(db, ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }

    private static string NewPsk() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
