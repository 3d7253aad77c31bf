using Kyoten.Testing.Network;

namespace Kyoten.Interop.Tests;

/// <summary>
/// Two site namespaces joined by a WAN veth (192.0.2.1/24 ↔ 192.0.2.2/24), each with its LAN
/// address on lo (198.18.1.1/32, 198.18.2.1/32): libipsec needs a local address inside the local
/// traffic selector, and routes the remote LAN through its own TUN device.
/// </summary>
internal sealed class TwoSites : IAsyncDisposable
{
    public const string WanA = "192.0.2.1";
    public const string WanB = "192.0.2.2";
    public const string LanA = "198.18.1.1";
    public const string LanB = "198.18.2.1";

    // NetworkLab.CreateAsync sweeps labs whose marker names no live process; a marker another lab
    // is still writing reads as empty and is swept as stale (its namespaces vanish). Test classes
    // run in parallel, so lab creation is serialized here.
    private static readonly SemaphoreSlim CreateGate = new(1, 1);

    private TwoSites(NetworkLab lab, NetNamespace a, NetNamespace b)
    {
        Lab = lab;
        A = a;
        B = b;
    }

    public NetworkLab Lab { get; }

    public NetNamespace A { get; }

    public NetNamespace B { get; }

    public static async Task<TwoSites> CreateAsync()
    {
        NetworkLab lab;
        await CreateGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            lab = await NetworkLab.CreateAsync();
        }
        finally
        {
            CreateGate.Release();
        }

        try
        {
            var a = await lab.AddNamespaceAsync("a");
            var b = await lab.AddNamespaceAsync("b");
            await lab.ConnectAsync(a, WanA + "/24", b, WanB + "/24");
            await a.AddAddressAsync("lo", LanA + "/32");
            await b.AddAddressAsync("lo", LanB + "/32");
            return new TwoSites(lab, a, b);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pings site B's LAN address from site A's LAN address (so only the tunnel can carry it).</summary>
    public Task<Kyoten.Testing.Processes.ProcessRunner.Result> PingBFromAAsync() =>
        A.TryExecAsync("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", LanA, LanB);

    public ValueTask DisposeAsync() => Lab.DisposeAsync();
}
