using System.Net;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Testing.Network;

namespace Kyoten.Testing.Sites;

/// <summary>
/// Two sites, each a namespace running <c>kyoten-agent run --config</c> (no controller): WAN veth
/// 192.0.2.1/24 ↔ 192.0.2.2/24, LAN addresses 198.18.N.1/32 on lo, PSK, AES-256-GCM.
/// Site 1 initiates.
/// </summary>
public sealed class StandaloneSites : IAsyncDisposable
{
    public const string Psk = "e2e-test-psk-not-secret-0123456789";
    private readonly string _root;

    private StandaloneSites(NetworkLab lab, string root)
    {
        Lab = lab;
        _root = root;
    }

    public NetworkLab Lab { get; }

    public NetNamespace[] Namespaces { get; } = new NetNamespace[2];

    public AgentProcess[] Agents { get; } = new AgentProcess[2];

    public string[] ConfigFiles { get; } = new string[2];

    public static string TunnelName(int site) => site == 1 ? "site1--site2" : "site2--site1";

    public static IPAddress Lan(int site) => IPAddress.Parse($"198.18.{site}.1");

    public static async Task<StandaloneSites> StartAsync(uint childSeconds = 3600, uint rekeyMargin = 0, uint jitter = 0)
    {
        var lab = await NetworkLab.CreateAsync();
        var sites = new StandaloneSites(lab, Directory.CreateTempSubdirectory("kyoten-e2e-").FullName);
        try
        {
            for (int i = 1; i <= 2; i++)
            {
                sites.Namespaces[i - 1] = await lab.AddNamespaceAsync($"s{i}");
                await sites.Namespaces[i - 1].AddAddressAsync("lo", $"198.18.{i}.1/32");
            }

            await lab.ConnectAsync(sites.Namespaces[0], "192.0.2.1/24", sites.Namespaces[1], "192.0.2.2/24");
            for (int i = 1; i <= 2; i++)
            {
                var file = Path.Combine(sites._root, $"site{i}.json");
                await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(Config(i, childSeconds, rekeyMargin, jitter)));
                sites.ConfigFiles[i - 1] = file;
                sites.Agents[i - 1] = new AgentProcess(sites.Namespaces[i - 1], Path.Combine(sites._root, $"state{i}"));
                sites.Agents[i - 1].Start("--config", file);
            }

            return sites;
        }
        catch
        {
            await sites.DisposeAsync();
            throw;
        }
    }

    public static AgentConfig Config(int site, uint childSeconds, uint rekeyMargin, uint jitter)
    {
        int peer = 3 - site;
        var tunnel = new Tunnel
        {
            Name = TunnelName(site),
            PeerSite = $"site{peer}",
            RemoteAddress = $"192.0.2.{peer}",
            RemotePort = 500,
            RemoteId = $"site{peer}.e2e.kyoten",
            Initiator = site == 1,
            IkeVersion = IkeVersion.V2,
            Auth = AuthMethod.Psk,
            Psk = Psk,
            Protocol = IpsecProtocol.Esp,
            Mode = IpsecMode.Tunnel,
            Lifetimes = new Lifetimes { IkeSeconds = 14400, ChildSeconds = childSeconds, RekeyMarginSeconds = rekeyMargin, JitterSeconds = jitter },
            DpdIntervalSeconds = 10,
        };
        tunnel.IkeProposals.Add("aes256gcm16-prfsha256-x25519");
        tunnel.ChildProposals.Add("aes256gcm16");
        tunnel.LocalTs.Add($"198.18.{site}.0/24");
        tunnel.RemoteTs.Add($"198.18.{peer}.0/24");
        var config = new AgentConfig
        {
            Revision = 1,
            SiteName = $"site{site}",
            LocalId = $"site{site}.e2e.kyoten",
            DataPath = new DataPathSettings { TunName = "kyt0", Mtu = 1400, ClampTcpMss = true },
        };
        config.ListenAddresses.Add($"192.0.2.{site}");
        config.LanSubnets.Add($"198.18.{site}.0/24");
        config.Tunnels.Add(tunnel);
        return config;
    }

    /// <summary>Both agents report the tunnel ESTABLISHED with a CHILD SA.</summary>
    public async Task<TelemetryReport[]> WaitUpAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var reports = new TelemetryReport[2];
        for (int i = 1; i <= 2; i++)
        {
            reports[i - 1] = await Agents[i - 1].WaitForStatusAsync(r => r.IsUp(TunnelName(i)), limit, "tunnel ESTABLISHED");
        }

        return reports;
    }

    public Task<Kyoten.Testing.Processes.ProcessRunner.Result> PingAsync(int from, int to, int count = 3) =>
        Namespaces[from - 1].TryExecAsync("ping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "2", "-I", Lan(from).ToString(), Lan(to).ToString());

    /// <summary>Both agents' logs, for failure messages and artifacts.</summary>
    public string Logs() => string.Join("\n", Agents.Where(a => a is not null).Select((a, i) => $"=== site{i + 1} ===\n{AgentProcess.Tail(a.Log, 60)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents.Where(a => a is not null))
        {
            await agent.DisposeAsync();
        }

        await Lab.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
