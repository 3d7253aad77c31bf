using System.Security.Claims;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

internal static class PolicyEndpoints
{
    public static void MapPolicies(this RouteGroupBuilder api)
    {
        var policies = api.MapGroup("/policies").WithTags("Policies");
        policies.MapGet("/", async (KyotenDbContext db, CancellationToken ct) =>
            (await db.Policies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct)).Select(PolicyView.From));
        policies.MapGet("/{id:guid}", async (Guid id, KyotenDbContext db, CancellationToken ct) =>
            await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } p ? Results.Ok(PolicyView.From(p)) : Results.NotFound());
        policies.MapPost("/", CreateAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        policies.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
        policies.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(IdentityExtensions.AdminPolicy);
    }

    internal static async Task<IResult> CreateAsync(PolicyInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var (errors, policy) = await PolicyValidator.ValidateAsync(db, input, null, ct);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        policy.UpdatedAt = time.GetUtcNow();
        db.Policies.Add(policy);
        audit.Record(db, user, "policy.create", "policy", policy.Id, null, PolicyView.From(policy));
        await reconciler.SaveAsync(db, ct);
        return Results.Created($"/api/policies/{policy.Id}", PolicyView.From(policy));
    }

    internal static async Task<IResult> UpdateAsync(Guid id, PolicyInput input, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var existing = await db.Policies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (existing is null)
        {
            return Results.NotFound();
        }

        var (errors, candidate) = await PolicyValidator.ValidateAsync(db, input, existing, ct);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var before = PolicyView.From(existing);
        candidate.UpdatedAt = time.GetUtcNow();
        db.Entry(existing).CurrentValues.SetValues(candidate);
        existing.IkeProposals = candidate.IkeProposals;
        existing.ChildProposals = candidate.ChildProposals;
        audit.Record(db, user, "policy.update", "policy", id, before, PolicyView.From(existing));
        await reconciler.SaveAsync(db, ct);
        return Results.Ok(PolicyView.From(existing));
    }

    internal static async Task<IResult> DeleteAsync(Guid id, KyotenDbContext db, FleetReconciler reconciler, AuditRecorder audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var policy = await db.Policies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null)
        {
            return Results.NotFound();
        }

        if (policy.IsDefault)
        {
            return ValidationErrors.Single("id", "the default policy cannot be deleted");
        }

        if (await db.Sites.AnyAsync(s => s.PolicyId == id, ct) || await db.Links.AnyAsync(l => l.PolicyId == id, ct))
        {
            return ValidationErrors.Single("id", $"policy '{policy.Name}' is still used by a site or a link");
        }

        db.Policies.Remove(policy);
        audit.Record(db, user, "policy.delete", "policy", id, PolicyView.From(policy), null);
        await reconciler.SaveAsync(db, ct);
        return Results.NoContent();
    }
}
