using System.Globalization;
using System.Net;
using Kyoten.Testing.Network;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.Sites;

/// <summary>
/// N site namespaces on one WAN (a bridge in a "wan" namespace, 192.0.2.N/24), each with its
/// LAN address 198.18.N.1/32 on lo and a management veth to the root namespace
/// (198.51.100.4N+2/30 ↔ 198.51.100.4N+1/30). The controller's agent endpoint listens on site
/// 1's root-side address 198.51.100.5; the other sites route to it over their own veth. Those
/// root-namespace addresses are fixed, so a lab on them holds <see cref="ManagementNetworkLock"/>
/// for its lifetime: mesh labs in parallel test classes or processes take turns. A lab made with
/// its own management block (198.19.N.0/24) needs no lock.
/// </summary>
public sealed class ManagedSites : IAsyncDisposable
{
    public static readonly IPAddress ControllerAddress = IPAddress.Parse("198.51.100.5");
    private readonly string _root = Directory.CreateTempSubdirectory("kyoten-e2e-mesh-").FullName;
    private readonly ManagementNetworkLock? _lock;
    private readonly string _management;
    private NetNamespace? _wan;

    private ManagedSites(NetworkLab lab, string management, ManagementNetworkLock? managementLock)
    {
        Lab = lab;
        _management = management;
        _lock = managementLock;
    }

    /// <summary>Where the controller's agent endpoint listens for these sites: site 1's root-side management address.</summary>
    public IPAddress Controller => IPAddress.Parse($"{_management}.5");

    public NetworkLab Lab { get; }

    public List<NetNamespace> Namespaces { get; } = [];

    public List<AgentProcess> Agents { get; } = [];

    public static IPAddress Lan(int site) => IPAddress.Parse($"198.18.{site}.1");

    public static Task<ManagedSites> CreateAsync(int count) => CreateCoreAsync(count, "198.51.100");

    /// <summary>
    /// As <see cref="CreateAsync(int)"/>, but the management veths use 198.19.<paramref name="managementBlock"/>.0/24
    /// instead of 198.51.100.0/24, so this run's root-side addresses do not collide with another
    /// ManagedSites run on the same machine (two 198.51.100.5 in the root namespace break both).
    /// Use <see cref="Controller"/> for the controller's address.
    /// </summary>
    public static Task<ManagedSites> CreateAsync(int count, byte managementBlock) => CreateCoreAsync(count, $"198.19.{managementBlock}");

    private static async Task<ManagedSites> CreateCoreAsync(int count, string management)
    {
        var managementLock = management == "198.51.100" ? await ManagementNetworkLock.AcquireAsync() : null;
        ManagedSites sites;
        try
        {
            sites = new ManagedSites(await NetworkLab.CreateAsync(), management, managementLock);
        }
        catch
        {
            managementLock?.Dispose();
            throw;
        }

        try
        {
            sites._wan = await sites.Lab.AddNamespaceAsync("wan");
            await sites._wan.ExecAsync("ip", "link", "add", "br0", "type", "bridge");
            await sites._wan.ExecAsync("ip", "link", "set", "br0", "up");
            for (int i = 1; i <= count; i++)
            {
                var ns = await sites.Lab.AddNamespaceAsync($"m{i}");
                sites.Namespaces.Add(ns);
                await ns.AddAddressAsync("lo", $"198.18.{i}.1/32");
                await sites.AttachToWanAsync(ns, i);
                string nsSide = $"{management}.{(4 * i) + 2}", rootSide = $"{management}.{(4 * i) + 1}";
                await sites.Lab.ConnectAsync(ns, nsSide + "/30", null, rootSide + "/30");
                if (i > 1)
                {
                    await ns.AddRouteAsync(sites.Controller + "/32", via: rootSide);
                }

                sites.Agents.Add(new AgentProcess(ns, Path.Combine(sites._root, $"state{i}")));
            }

            return sites;
        }
        catch
        {
            await sites.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One more host on the WAN with 192.0.2.<paramref name="host"/>/24 and LAN address
    /// 198.18.<paramref name="host"/>.1/32 on lo, but no agent and no way to the controller: a
    /// third-party peer (strongSwan) the controller knows only as an external site.
    /// </summary>
    public async Task<NetNamespace> AddWanHostAsync(string name, int host)
    {
        var ns = await Lab.AddNamespaceAsync(name);
        await ns.AddAddressAsync("lo", $"198.18.{host}.1/32");
        await AttachToWanAsync(ns, host);
        return ns;
    }

    public Task<ProcessRunner.Result> PingAsync(int from, int to, int count = 3) =>
        Namespaces[from - 1].TryExecAsync("ping", "-c", count.ToString(CultureInfo.InvariantCulture), "-W", "2", "-I", Lan(from).ToString(), Lan(to).ToString());

    /// <summary>Pings every ordered pair of LANs; returns the failures.</summary>
    public async Task<List<string>> PingAllPairsAsync()
    {
        var failures = new List<string>();
        for (int i = 1; i <= Namespaces.Count; i++)
        {
            for (int j = 1; j <= Namespaces.Count; j++)
            {
                if (i != j && await PingAsync(i, j, 2) is { ExitCode: not 0 } result)
                {
                    failures.Add($"site{i} -> site{j}: {result.StandardOutput.Trim()} {result.StandardError.Trim()}");
                }
            }
        }

        return failures;
    }

    private async Task AttachToWanAsync(NetNamespace ns, int host)
    {
        string a = $"{NetworkLab.NamePrefix}{Lab.Id}w{host}a", b = $"{NetworkLab.NamePrefix}{Lab.Id}w{host}b";
        (await ProcessRunner.RunAsync("ip", "link", "add", a, "type", "veth", "peer", "name", b)).EnsureSuccess("veth");
        (await ProcessRunner.RunAsync("ip", "link", "set", a, "netns", ns.Name)).EnsureSuccess("veth netns");
        (await ProcessRunner.RunAsync("ip", "link", "set", b, "netns", _wan!.Name)).EnsureSuccess("veth netns");
        await _wan.ExecAsync("ip", "link", "set", b, "master", "br0", "up");
        await ns.ExecAsync("ip", "link", "set", a, "up");
        await ns.AddAddressAsync(a, $"192.0.2.{host}/24");
    }

    public string Logs() => string.Join("\n", Agents.Select((a, i) => $"=== site{i + 1} ===\n{AgentProcess.Tail(a.Log, 50)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
        }

        await Lab.DisposeAsync();
        _lock?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
