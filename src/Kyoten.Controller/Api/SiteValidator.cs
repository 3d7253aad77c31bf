using System.Net;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Api;

/// <summary>Checks a site against the rules and the other sites; applies it to the entity only when everything holds.</summary>
internal static class SiteValidator
{
    private const int MaxSubnets = 64;

    public static async Task<ValidationErrors> ValidateAsync(KyotenDbContext db, SiteInput input, Site? existing, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!AddressRules.IsSiteName(input.Name))
        {
            errors.Add("name", ValidationText.Get("required: a DNS label (a-z, 0-9, '-', 1-63 characters, no leading or trailing '-')"));
        }
        else if (await db.Sites.AnyAsync(s => s.Name == input.Name && (existing == null || s.Id != existing.Id), cancellationToken).ConfigureAwait(false))
        {
            errors.Add("name", ValidationText.Get("a site named '{0}' already exists", input.Name));
        }

        if (input.Description is { Length: > 2000 })
        {
            errors.Add("description", ValidationText.Get("at most 2000 characters"));
        }

        var dynamic = string.IsNullOrEmpty(input.WanAddress);
        if (!dynamic && !AddressRules.IsWanAddress(input.WanAddress))
        {
            errors.Add("wanAddress", ValidationText.Get("an IPv4 or IPv6 address or a DNS name; leave empty for a dynamic address"));
        }

        var role = SiteRole.Mesh;
        if (input.Role is not null && !EnumText.TryParse(input.Role, out role))
        {
            errors.Add("role", ValidationText.Get("one of: {0}", EnumText.Choices<SiteRole>()));
        }

        var kind = SiteKind.Managed;
        if (input.Kind is not null && !EnumText.TryParse(input.Kind, out kind))
        {
            errors.Add("kind", ValidationText.Get("one of: {0}", EnumText.Choices<SiteKind>()));
        }
        else if (existing is not null && input.Kind is not null && kind != existing.Kind)
        {
            errors.Add("kind", ValidationText.Get("cannot change; delete the site and create it again"));
        }

        if (role == SiteRole.Hub && dynamic)
        {
            errors.Add("wanAddress", ValidationText.Get("a hub needs a fixed WAN address: dynamic sites reach each other through it"));
        }

        await CheckSubnetsAsync(db, input, existing, errors, cancellationToken).ConfigureAwait(false);
        await CheckPolicyAsync(db, input.PolicyId, kind, errors, cancellationToken).ConfigureAwait(false);
        if (kind == SiteKind.External)
        {
            if (input.IkeIdentity is { Length: > 253 } || input.IkeIdentity?.Any(char.IsControl) == true)
            {
                errors.Add("ikeIdentity", ValidationText.Get("at most 253 printable characters"));
            }
            else if (dynamic && string.IsNullOrEmpty(input.IkeIdentity))
            {
                errors.Add("ikeIdentity", ValidationText.Get("required for an external site with a dynamic address"));
            }

            if (input.Psk is not null && (input.Psk.Length < 20 || input.Psk.Length > 256))
            {
                errors.Add("psk", ValidationText.Get("20 to 256 characters (or omit it and one is generated)"));
            }
        }
        else if (input.Psk is not null || input.IkeIdentity is not null)
        {
            errors.Add(input.Psk is not null ? "psk" : "ikeIdentity", ValidationText.Get("only for external sites: managed sites authenticate with certificates"));
        }

        return errors;
    }

    private static async Task CheckSubnetsAsync(KyotenDbContext db, SiteInput input, Site? existing, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var subnets = input.LanSubnets ?? [];
        if (subnets.Count == 0 || subnets.Count > MaxSubnets)
        {
            errors.Add("lanSubnets", ValidationText.Get("1 to {0} prefixes", MaxSubnets));
            return;
        }

        var parsed = new List<(int Index, IPNetwork Network)>();
        for (var i = 0; i < subnets.Count; i++)
        {
            if (!AddressRules.TryParsePrefix(subnets[i], out var network))
            {
                errors.Add($"lanSubnets[{i}]", ValidationText.Get("an IPv4 or IPv6 prefix in CIDR notation with no host bits set, e.g. 198.18.1.0/24"));
                continue;
            }

            foreach (var (j, other) in parsed)
            {
                if (AddressRules.Overlaps(network, other))
                {
                    errors.Add($"lanSubnets[{i}]", ValidationText.Get("{0} overlaps {1} (lanSubnets[{2}]) of the same site", network, other, j));
                }
            }

            parsed.Add((i, network));
        }

        var name = input.Name ?? "(this site)";
        var others = await db.Sites.AsNoTracking().Where(s => existing == null || s.Id != existing.Id)
            .Select(s => new { s.Name, s.LanSubnets }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (i, network) in parsed)
        {
            foreach (var other in others.OrderBy(o => o.Name, StringComparer.Ordinal))
            {
                foreach (var text in other.LanSubnets)
                {
                    if (AddressRules.TryParsePrefix(text, out var theirs) && AddressRules.Overlaps(network, theirs))
                    {
                        errors.Add($"lanSubnets[{i}]", ValidationText.Get("{0} of site '{1}' overlaps {2} of site '{3}'", network, name, theirs, other.Name));
                    }
                }
            }
        }
    }

    public static async Task CheckPolicyAsync(KyotenDbContext db, Guid? policyId, SiteKind kind, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (policyId is not { } id)
        {
            return;
        }

        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            errors.Add("policyId", ValidationText.Get("no policy with id {0}", id));
        }
        else if (policy.IsWeak && kind == SiteKind.Managed)
        {
            errors.Add("policyId", ValidationText.Get("policy '{0}' uses weak algorithms, allowed only for external sites", policy.Name));
        }
    }

    public static void Apply(SiteInput input, Site site, DateTimeOffset now)
    {
        site.Name = input.Name!;
        site.Description = input.Description ?? "";
        site.WanAddress = string.IsNullOrEmpty(input.WanAddress) ? null : input.WanAddress;
        site.LanSubnets = [.. input.LanSubnets!.Select(s => IPNetwork.Parse(s!).ToString())];
        site.Role = input.Role is null ? SiteRole.Mesh : EnumText.TryParse<SiteRole>(input.Role, out var role) ? role : throw new InvalidOperationException("bug: unvalidated role");
        if (input.Kind is not null && EnumText.TryParse<SiteKind>(input.Kind, out var kind))
        {
            site.Kind = kind;
        }

        site.PolicyId = input.PolicyId;
        site.IkeIdentity = site.Kind == SiteKind.External && !string.IsNullOrEmpty(input.IkeIdentity) ? input.IkeIdentity : null;
        site.UpdatedAt = now;
    }
}
