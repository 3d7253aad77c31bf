using System.Globalization;
using System.Security.Cryptography;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.Network;

/// <summary>
/// A set of network namespaces and veth links made for one test and removed afterwards, also
/// when an earlier run crashed: every lab leaves a marker with its process id, and a new lab
/// sweeps away namespaces and links of labs whose process is gone.
/// </summary>
public sealed class NetworkLab : IAsyncDisposable
{
    public const string NamePrefix = "kyt";
    private static readonly string MarkerDirectory = Path.Combine(Path.GetTempPath(), "kyoten-netlabs");
    private readonly List<NetNamespace> _namespaces = [];
    private int _linkCounter;

    private NetworkLab(string id) => Id = id;

    /// <summary>Five hex digits, unique per lab; part of every namespace and link name it makes.</summary>
    public string Id { get; }

    public IReadOnlyList<NetNamespace> Namespaces => _namespaces;

    public static async Task<NetworkLab> CreateAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException("network namespace tests need Linux and root (tests/run.sh runs as root)");
        }

        await SweepStaleAsync().ConfigureAwait(false);
        Directory.CreateDirectory(MarkerDirectory);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))[..5];
        // Written aside and moved into place, so a lab being created at this moment in another
        // process never shows a sweep an empty marker it could mistake for a dead one.
        var pending = Path.Combine(MarkerDirectory, $".{id}.{Environment.ProcessId}.tmp");
        await File.WriteAllTextAsync(pending, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        File.Move(pending, Path.Combine(MarkerDirectory, id), overwrite: true);
        return new NetworkLab(id);
    }

    /// <summary>Creates namespace <c>kyt-{id}-{name}</c> with loopback up.</summary>
    public async Task<NetNamespace> AddNamespaceAsync(string name)
    {
        var ns = new NetNamespace($"{NamePrefix}-{Id}-{name}");
        (await ProcessRunner.RunAsync("ip", "netns", "add", ns.Name).ConfigureAwait(false)).EnsureSuccess("ip netns add");
        _namespaces.Add(ns);
        await ns.ExecAsync("ip", "link", "set", "lo", "up").ConfigureAwait(false);
        return ns;
    }

    /// <summary>
    /// Links two namespaces (or a namespace and the root namespace when <paramref name="b"/> is
    /// null) with a veth pair, addresses them and brings both ends up. Returns the device names.
    /// </summary>
    public async Task<(string DeviceA, string DeviceB)> ConnectAsync(NetNamespace a, string cidrA, NetNamespace? b, string cidrB, int mtu = 1500)
    {
        TestAddresses.EnsureAllowed(cidrA);
        TestAddresses.EnsureAllowed(cidrB);
        var index = Interlocked.Increment(ref _linkCounter);
        var devA = $"{NamePrefix}{Id}{index}a";
        var devB = $"{NamePrefix}{Id}{index}b";
        (await ProcessRunner.RunAsync("ip", "link", "add", devA, "type", "veth", "peer", "name", devB).ConfigureAwait(false)).EnsureSuccess("ip link add veth");
        (await ProcessRunner.RunAsync("ip", "link", "set", devA, "netns", a.Name).ConfigureAwait(false)).EnsureSuccess("ip link set netns");
        await a.ExecAsync("ip", "link", "set", devA, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "up").ConfigureAwait(false);
        await a.AddAddressAsync(devA, cidrA).ConfigureAwait(false);
        if (b is null)
        {
            (await ProcessRunner.RunAsync("ip", "link", "set", devB, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "up").ConfigureAwait(false)).EnsureSuccess("ip link set up");
            (await ProcessRunner.RunAsync("ip", "addr", "add", cidrB, "dev", devB).ConfigureAwait(false)).EnsureSuccess("ip addr add");
        }
        else
        {
            (await ProcessRunner.RunAsync("ip", "link", "set", devB, "netns", b.Name).ConfigureAwait(false)).EnsureSuccess("ip link set netns");
            await b.ExecAsync("ip", "link", "set", devB, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "up").ConfigureAwait(false);
            await b.AddAddressAsync(devB, cidrB).ConfigureAwait(false);
        }

        return (devA, devB);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            ns.KillProcesses();
        }

        await RemoveLabAsync(Id).ConfigureAwait(false);
    }

    private static async Task RemoveLabAsync(string id)
    {
        var list = await ProcessRunner.RunAsync("ip", "netns", "list").ConfigureAwait(false);
        foreach (var line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith($"{NamePrefix}-{id}-", StringComparison.Ordinal))
            {
                // Whatever still runs inside (a stray agent, tcpdump) would keep the namespace alive.
                var pids = await ProcessRunner.RunAsync("ip", "netns", "pids", name).ConfigureAwait(false);
                foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await ProcessRunner.RunAsync("kill", "-9", pid.Trim()).ConfigureAwait(false);
                }

                await ProcessRunner.RunAsync("ip", "netns", "del", name).ConfigureAwait(false);
            }
        }

        // Root-side ends of veths to the root namespace die with their peer; this catches any left.
        var links = await ProcessRunner.RunAsync("ip", "-o", "link", "show").ConfigureAwait(false);
        foreach (var line in links.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length > 1)
            {
                var device = parts[1].Trim().Split('@')[0];
                if (device.StartsWith(NamePrefix + id, StringComparison.Ordinal))
                {
                    await ProcessRunner.RunAsync("ip", "link", "del", device).ConfigureAwait(false);
                }
            }
        }

        File.Delete(Path.Combine(MarkerDirectory, id));
    }

    private static async Task SweepStaleAsync()
    {
        if (!Directory.Exists(MarkerDirectory))
        {
            return;
        }

        foreach (var marker in Directory.GetFiles(MarkerDirectory))
        {
            if (Path.GetFileName(marker).StartsWith('.'))
            {
                continue;
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(marker).ConfigureAwait(false);
            }
            catch (IOException)
            {
                continue;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
            {
                continue;
            }

            await RemoveLabAsync(Path.GetFileName(marker)).ConfigureAwait(false);
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}
