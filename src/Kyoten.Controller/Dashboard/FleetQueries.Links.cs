using Kyoten.Controller.Api;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

internal sealed partial class FleetQueries
{
    public async Task<IReadOnlyList<LinkRow>> LinksAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from l in db.Links.AsNoTracking()
                      join a in db.Sites on l.SiteAId equals a.Id
                      join b in db.Sites on l.SiteBId equals b.Id
                      orderby a.Name, b.Name
                      select new LinkRow(l.Id, a.Id, a.Name, b.Id, b.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What adding a link between two sites (by name) would change. Only names are checked here;
    /// the add itself goes through the API's handler with its full validation.
    /// </summary>
    public async Task<PolicyPreview> PreviewAddLinkAsync(string siteA, string siteB, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var a = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Name == siteA, cancellationToken);
        var b = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Name == siteB, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        if (a is null)
        {
            errors["siteA"] = [ValidationText.Get("no site named '{0}'", siteA)];
        }

        if (b is null)
        {
            errors["siteB"] = [ValidationText.Get("no site named '{0}'", siteB)];
        }
        else if (a is not null && TopologyPlanner.WhyNotLinkableFormat(a, b) is { } why)
        {
            errors["siteB"] = [ValidationText.Get(why.Format, why.A, why.B)];
        }

        if (errors.Count > 0)
        {
            return new PolicyPreview(errors, [], []);
        }

        var before = await reconciler.LoadAsync(db, cancellationToken);
        var link = new SiteLink { Id = Guid.NewGuid(), SiteAId = a!.Id, SiteBId = b!.Id };
        return Diff(before, before with { Links = [.. before.Links, link] });
    }

    public async Task<PolicyPreview> PreviewRemoveLinkAsync(Guid linkId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = await reconciler.LoadAsync(db, cancellationToken);
        return before.Links.Any(l => l.Id == linkId)
            ? Diff(before, before with { Links = [.. before.Links.Where(l => l.Id != linkId)] })
            : new PolicyPreview(new Dictionary<string, string[]> { ["id"] = ["no such link"] }, [], []);
    }

    /// <summary>A new policy changes no tunnel until a site or link uses it; the preview still validates it.</summary>
    public async Task<PolicyPreview> PreviewNewPolicyAsync(PolicyInput input, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (errors, candidate) = await PolicyValidator.ValidateAsync(db, input, null, cancellationToken);
        if (errors.Any)
        {
            return new PolicyPreview(CommandResult<object>.From(errors.ToResult()).Errors, [], []);
        }

        var before = await reconciler.LoadAsync(db, cancellationToken);
        return Diff(before, before with { Policies = [.. before.Policies, candidate] });
    }

    /// <summary>The API refuses to delete the default policy or one still in use; the preview says so before the admin tries.</summary>
    public async Task<PolicyPreview> PreviewDeletePolicyAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = await reconciler.LoadAsync(db, cancellationToken);
        var policy = before.Policies.FirstOrDefault(p => p.Id == id);
        var users = before.Sites.Where(s => s.PolicyId == id).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        string? why = policy is null ? "no such policy"
            : policy.IsDefault ? "the default policy cannot be deleted"
            : users.Count > 0 ? $"policy '{policy.Name}' is still used by {string.Join(", ", users)}"
            : before.Links.Any(l => l.PolicyId == id) ? $"policy '{policy.Name}' is still used by a link"
            : null;
        return why is not null
            ? new PolicyPreview(new Dictionary<string, string[]> { ["id"] = [why] }, [], [])
            : Diff(before, before with { Policies = [.. before.Policies.Where(p => p.Id != id)] });
    }
}
