using System.Security.Claims;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Kyoten.Controller.Data.Security;
using Kyoten.Controller.Identity;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class ApiTokenEndpoints
{
    internal sealed record ApiTokenInput(string? Name, string? Role, int? ExpiresInDays);

    internal sealed record ApiTokenView(Guid Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string CreatedBy);

    internal sealed record ApiTokenCreated(ApiTokenView Token, string Secret);

    public static void MapApiTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/api-tokens").WithTags("API tokens").RequireAuthorization(IdentityExtensions.AdminPolicy);
        tokens.MapGet("/", async (KyotenDbContext db, CancellationToken ct) =>
            await db.ApiTokens.AsNoTracking().OrderBy(t => t.CreatedAt).Select(t => View(t)).ToListAsync(ct));
        tokens.MapPost("/", CreateAsync);
        tokens.MapDelete("/{id:guid}", RevokeAsync);
    }

    internal static async Task<IResult> CreateAsync(ApiTokenInput input, KyotenDbContext db, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
        {
            errors.Add("name", "required, at most 100 characters");
        }

        if (input.Role is not (KyotenRoles.Admin or KyotenRoles.Viewer))
        {
            errors.Add("role", $"'{KyotenRoles.Admin}' or '{KyotenRoles.Viewer}'");
        }

        if (input.ExpiresInDays is < 1 or > 3650)
        {
            errors.Add("expiresInDays", "between 1 and 3650, or omit for no expiry");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = time.GetUtcNow();
        var (secret, hash) = ApiTokenFormat.Create();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!,
            Role = input.Role!,
            SecretHash = hash,
            CreatedAt = now,
            ExpiresAt = input.ExpiresInDays is { } days ? now.AddDays(days) : null,
            CreatedBy = user.Identity?.Name ?? "",
        };
        db.ApiTokens.Add(token);
        audit.Record(db, user, "api-token.create", "api-token", token.Id, null, View(token));
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/api-tokens/{token.Id}", new ApiTokenCreated(View(token), secret));
    }

    internal static async Task<IResult> RevokeAsync(Guid id, KyotenDbContext db, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return Results.NotFound();
        }

        var before = View(token);
        token.RevokedAt ??= time.GetUtcNow();
        audit.Record(db, user, "api-token.revoke", "api-token", id, before, View(token));
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    private static ApiTokenView View(ApiToken t) => new(t.Id, t.Name, t.Role, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.CreatedBy);
}
