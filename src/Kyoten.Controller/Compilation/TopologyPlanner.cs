using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Compilation;

/// <summary>Which pairs of sites get a tunnel, and which LANs each side carries (hub transit).</summary>
internal static class TopologyPlanner
{
    public static bool IsDynamic(Site site) => string.IsNullOrEmpty(site.WanAddress);

    /// <summary>Null when the two may be linked; otherwise why not, in words for the admin.</summary>
    public static string? WhyNotLinkable(Site a, Site b) =>
        WhyNotLinkableFormat(a, b) is { } why ? string.Format(System.Globalization.CultureInfo.InvariantCulture, why.Format, a.Name, b.Name) : null;

    /// <summary>The reason as an English composite format ({0}, {1}: the two site names), for forms that show it translated.</summary>
    public static (string Format, string A, string B)? WhyNotLinkableFormat(Site a, Site b) =>
        a.Id == b.Id ? ("a site cannot link to itself", a.Name, b.Name)
        : IsDynamic(a) && IsDynamic(b) ? ("sites '{0}' and '{1}' both have dynamic addresses and cannot reach each other directly: link both to a hub (role hub, fixed address)", a.Name, b.Name)
        : a.Kind == SiteKind.External && b.Kind == SiteKind.External ? ("sites '{0}' and '{1}' are both external: no agent would run the tunnel", a.Name, b.Name)
        : null;

    /// <summary>Pairs ordered by (A.Name, B.Name) with A.Name &lt; B.Name; explicit link policy where given.</summary>
    public static List<(Site A, Site B, Guid? LinkPolicy)> Pairs(CompilerInput input, List<string> warnings)
    {
        var sites = input.Sites.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var byId = sites.ToDictionary(s => s.Id);
        var pairs = new SortedDictionary<(string, string), (Site A, Site B, Guid? LinkPolicy)>();
        // Explicit topology derives no pairs: skip the quadratic scan (it dominates at fleet size).
        for (var i = 0; input.Mode != TopologyMode.Explicit && i < sites.Count; i++)
        {
            for (var j = i + 1; j < sites.Count; j++)
            {
                var (a, b) = (sites[i], sites[j]);
                if (!Derived(input.Mode, a, b))
                {
                    continue;
                }

                var why = WhyNotLinkable(a, b);
                if (why is null)
                {
                    pairs[(a.Name, b.Name)] = (a, b, null);
                }
                else if (a.Kind == SiteKind.Managed || b.Kind == SiteKind.Managed)
                {
                    warnings.Add(why);
                }
            }
        }

        foreach (var link in input.Links)
        {
            if (byId.TryGetValue(link.SiteAId, out var x) && byId.TryGetValue(link.SiteBId, out var y) && WhyNotLinkable(x, y) is null)
            {
                var (a, b) = string.CompareOrdinal(x.Name, y.Name) < 0 ? (x, y) : (y, x);
                pairs[(a.Name, b.Name)] = (a, b, link.PolicyId);
            }
        }

        return [.. pairs.Values];
    }

    private static bool Derived(TopologyMode mode, Site a, Site b) => mode switch
    {
        TopologyMode.FullMesh => true,
        TopologyMode.HubAndSpoke => a.Role == SiteRole.Hub || b.Role == SiteRole.Hub || (a.Role == SiteRole.Mesh && b.Role == SiteRole.Mesh),
        _ => false,
    };

    /// <summary>
    /// In hub-and-spoke, a spoke reaches the other spokes through its primary hub (the
    /// lowest-named hub it links to), so that tunnel carries their LANs too; each LAN is
    /// reachable through exactly one tunnel, which keeps the agents' SPDs free of overlaps.
    /// </summary>
    public static Dictionary<Guid, Guid> PrimaryHubs(CompilerInput input, List<(Site A, Site B, Guid? LinkPolicy)> pairs)
    {
        var primary = new Dictionary<Guid, Guid>();
        if (input.Mode != TopologyMode.HubAndSpoke)
        {
            return primary;
        }

        var names = input.Sites.ToDictionary(s => s.Id, s => s.Name);

        foreach (var (a, b, _) in pairs)
        {
            foreach (var (spoke, hub) in new[] { (a, b), (b, a) })
            {
                if (spoke.Role == SiteRole.Spoke && hub.Role == SiteRole.Hub
                    && (!primary.TryGetValue(spoke.Id, out var current) || string.CompareOrdinal(hub.Name, names[current]) < 0))
                {
                    primary[spoke.Id] = hub.Id;
                }
            }
        }

        return primary;
    }
}
