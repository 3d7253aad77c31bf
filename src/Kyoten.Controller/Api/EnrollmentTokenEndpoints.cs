using System.Security.Claims;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Identity;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class EnrollmentTokenEndpoints
{
    internal sealed record TokenInput(int? MaxUses, int? ExpiresInHours);

    internal sealed record TokenView(Guid Id, Guid SiteId, int MaxUses, int Uses, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string CreatedBy);

    /// <summary>The only response that carries the token itself.</summary>
    internal sealed record TokenCreated(TokenView Token, string Secret, string CaCertificateSha256);

    public static void MapEnrollmentTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/enrollment-tokens").WithTags("Enrollment tokens").RequireAuthorization(IdentityExtensions.AdminPolicy);
        tokens.MapGet("/", async (Guid? siteId, KyotenDbContext db, CancellationToken ct) =>
            await db.EnrollmentTokens.AsNoTracking().Where(t => siteId == null || t.SiteId == siteId).OrderByDescending(t => t.CreatedAt)
                .Select(t => new TokenView(t.Id, t.SiteId, t.MaxUses, t.Uses, t.ExpiresAt, t.CreatedAt, t.RevokedAt, t.CreatedBy)).ToListAsync(ct));
        tokens.MapDelete("/{id:guid}", RevokeAsync);
        api.MapPost("/sites/{siteId:guid}/enrollment-tokens", CreateAsync).WithTags("Enrollment tokens").RequireAuthorization(IdentityExtensions.AdminPolicy);
    }

    internal static async Task<IResult> CreateAsync(Guid siteId, TokenInput? input, KyotenDbContext db, CertificateAuthority ca, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null)
        {
            return Results.NotFound();
        }

        var errors = new ValidationErrors();
        if (site.Kind != SiteKind.Managed)
        {
            errors.Add("siteId", $"site '{site.Name}' is external: it runs no agent");
        }

        var maxUses = input?.MaxUses ?? 1;
        if (maxUses is < 1 or > 1000)
        {
            errors.Add("maxUses", "between 1 and 1000");
        }

        var hours = input?.ExpiresInHours ?? 24;
        if (hours is < 1 or > 720)
        {
            errors.Add("expiresInHours", "between 1 and 720");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = time.GetUtcNow();
        var (secret, hash) = EnrollmentTokenFormat.Create(ca.CertificateHash);
        var token = new EnrollmentToken
        {
            Id = Guid.CreateVersion7(),
            SiteId = siteId,
            SecretHash = hash,
            MaxUses = maxUses,
            ExpiresAt = now.AddHours(hours),
            CreatedAt = now,
            CreatedBy = user.Identity?.Name ?? "",
        };
        db.EnrollmentTokens.Add(token);
        var view = new TokenView(token.Id, token.SiteId, token.MaxUses, 0, token.ExpiresAt, token.CreatedAt, null, token.CreatedBy);
        audit.Record(db, user, "enrollment-token.create", "enrollment-token", token.Id, null, view);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/enrollment-tokens/{token.Id}", new TokenCreated(view, secret, ca.CertificateHash));
    }

    internal static async Task<IResult> RevokeAsync(Guid id, KyotenDbContext db, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var token = await db.EnrollmentTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return Results.NotFound();
        }

        token.RevokedAt ??= time.GetUtcNow();
        audit.Record(db, user, "enrollment-token.revoke", "enrollment-token", id, null, null);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
