using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Compilation;

/// <summary>
/// Sites, topology and policies in; one <see cref="AgentConfig"/> per managed site out. Pure and
/// deterministic: everything is ordered by ordinal name so equal input gives equal bytes.
/// </summary>
internal static class ConfigCompiler
{
    public const uint IkePort = 500;

    /// <summary>
    /// Compiles every managed site, or only <paramref name="onlySites"/> (the reconciler asks for the
    /// sites that have an agent). Tunnels are always derived for the whole fleet, since a site's
    /// config depends on its peers.
    /// </summary>
    public static CompilerOutput Compile(CompilerInput input, IReadOnlySet<Guid>? onlySites = null)
    {
        var warnings = new List<string>();
        var pairs = TopologyPlanner.Pairs(input, warnings);
        var primaryHubs = TopologyPlanner.PrimaryHubs(input, pairs);
        var spokesByHub = input.Sites.Where(s => primaryHubs.ContainsKey(s.Id)).GroupBy(s => primaryHubs[s.Id]).ToDictionary(g => g.Key, g => g.ToList());
        var policies = input.Policies.ToDictionary(p => p.Id);
        var fallback = input.Policies.FirstOrDefault(p => p.IsDefault) ?? DefaultPolicy.Create();

        var tunnels = new List<CompiledTunnel>();
        foreach (var (a, b, linkPolicy) in pairs)
        {
            var policy = PolicyFor(a, b, linkPolicy, policies, fallback);
            if (policy.IsWeak && a.Kind == SiteKind.Managed && b.Kind == SiteKind.Managed)
            {
                warnings.Add($"policy '{policy.Name}' is weak and only allowed toward external peers; '{a.Name}--{b.Name}' uses '{fallback.Name}'");
                policy = fallback;
            }

            tunnels.Add(new CompiledTunnel(a, b, Initiator(a, b), policy,
                Selectors(a, b, policy, primaryHubs, spokesByHub), Selectors(b, a, policy, primaryHubs, spokesByHub)));
        }

        // Each site's tunnels looked up once: scanning the whole list per site is quadratic in the fleet.
        var bySite = new Dictionary<Guid, List<CompiledTunnel>>();
        foreach (var tunnel in tunnels)
        {
            foreach (var end in (ReadOnlySpan<Guid>)[tunnel.A.Id, tunnel.B.Id])
            {
                if (!bySite.TryGetValue(end, out var list))
                {
                    bySite[end] = list = [];
                }

                list.Add(tunnel);
            }
        }

        var configs = new Dictionary<Guid, AgentConfig>();
        foreach (var site in input.Sites.Where(s => s.Kind == SiteKind.Managed && (onlySites is null || onlySites.Contains(s.Id))).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            configs[site.Id] = ForSite(site, bySite.TryGetValue(site.Id, out var mine) ? mine : [], input);
        }

        return new CompilerOutput(configs, tunnels, warnings);
    }

    private static AgentConfig ForSite(Site site, List<CompiledTunnel> tunnels, CompilerInput input)
    {
        var config = new AgentConfig
        {
            SiteName = site.Name,
            LocalId = AddressRules.IdentityOf(site.Name),
            TrustAnchorsPem = input.TrustAnchorsPem,
            DataPath = new DataPathSettings { TunName = "kyoten0", Mtu = 1400, ClampTcpMss = true },
            Telemetry = new TelemetrySettings { IntervalSeconds = 10 },
        };
        if (AddressRules.HostPrefix(site.WanAddress) is not null)
        {
            config.ListenAddresses.Add(site.WanAddress);
        }

        config.LanSubnets.AddRange(site.LanSubnets.Order(StringComparer.Ordinal));
        var mine = tunnels.Select(t => ToTunnel(site, t, input));
        config.Tunnels.AddRange(mine.OrderBy(t => t.Name, StringComparer.Ordinal));
        return config;
    }

    private static Tunnel ToTunnel(Site local, CompiledTunnel compiled, CompilerInput input)
    {
        var localIsA = compiled.A.Id == local.Id;
        var peer = localIsA ? compiled.B : compiled.A;
        var policy = compiled.Policy;
        var tunnel = new Tunnel
        {
            Name = compiled.NameFrom(local),
            PeerSite = peer.Name,
            RemoteAddress = peer.WanAddress ?? "",
            RemotePort = IkePort,
            RemoteId = peer.Kind == SiteKind.External ? peer.IkeIdentity ?? peer.WanAddress ?? "" : AddressRules.IdentityOf(peer.Name),
            Initiator = compiled.Initiator.Id == local.Id,
            IkeVersion = policy.IkeVersion == 1 ? IkeVersion.V1 : IkeVersion.V2,
            Auth = peer.Kind == SiteKind.External ? AuthMethod.Psk : AuthMethod.Certificate,
            Psk = peer.Kind == SiteKind.External && input.ExternalPsks.TryGetValue(peer.Id, out var psk) ? psk : "",
            Protocol = policy.Protocol == IpsecProtocolKind.Ah ? IpsecProtocol.Ah : IpsecProtocol.Esp,
            Mode = policy.Mode == IpsecModeKind.Transport ? IpsecMode.Transport : IpsecMode.Tunnel,
            Lifetimes = new Lifetimes
            {
                IkeSeconds = (uint)policy.IkeLifetimeSeconds,
                ChildSeconds = (uint)policy.ChildLifetimeSeconds,
                RekeyMarginSeconds = (uint)policy.RekeyMarginSeconds,
                JitterSeconds = (uint)policy.JitterSeconds,
            },
            DpdIntervalSeconds = (uint)policy.DpdIntervalSeconds,
            ReplayWindow = (uint)policy.ReplayWindow,
        };
        tunnel.IkeProposals.AddRange(policy.IkeProposals);
        tunnel.ChildProposals.AddRange(ChildProposals(policy));
        tunnel.LocalTs.AddRange(localIsA ? compiled.TsA : compiled.TsB);
        tunnel.RemoteTs.AddRange(localIsA ? compiled.TsB : compiled.TsA);
        return tunnel;
    }

    /// <summary>The PFS group is appended to CHILD proposals that name no key exchange method.</summary>
    public static IEnumerable<string> ChildProposals(CryptoPolicy policy) =>
        policy.ChildProposals.Select(p =>
            string.IsNullOrEmpty(policy.PfsGroup) || p.Split('-').Any(ProposalParser.IsKeyExchange) ? p : $"{p}-{policy.PfsGroup}");

    /// <summary>A dynamic site always initiates toward a fixed one; between two fixed sites the lower name does.</summary>
    private static Site Initiator(Site a, Site b) =>
        TopologyPlanner.IsDynamic(b) && !TopologyPlanner.IsDynamic(a) ? b : a;

    private static List<string> Selectors(Site side, Site other, CryptoPolicy policy, Dictionary<Guid, Guid> primaryHubs, Dictionary<Guid, List<Site>> spokesByHub)
    {
        if (policy.Mode == IpsecModeKind.Transport)
        {
            // Host to host: the WAN addresses themselves (empty = the agent's dynamic address).
            return AddressRules.HostPrefix(side.WanAddress) is { } host ? [host] : [];
        }

        var lans = new SortedSet<string>(side.LanSubnets, StringComparer.Ordinal);
        if (side.Role == SiteRole.Hub && primaryHubs.TryGetValue(other.Id, out var hub) && hub == side.Id)
        {
            foreach (var spoke in spokesByHub[side.Id].Where(s => s.Id != other.Id))
            {
                lans.UnionWith(spoke.LanSubnets);
            }
        }

        return [.. lans];
    }

    private static CryptoPolicy PolicyFor(Site a, Site b, Guid? linkPolicy, Dictionary<Guid, CryptoPolicy> policies, CryptoPolicy fallback)
    {
        var external = a.Kind == SiteKind.External ? a : b.Kind == SiteKind.External ? b : null;
        var id = linkPolicy ?? external?.PolicyId ?? a.PolicyId ?? b.PolicyId;
        return id is { } key && policies.TryGetValue(key, out var policy) ? policy : fallback;
    }
}
