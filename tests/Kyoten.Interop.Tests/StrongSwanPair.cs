using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>Two sites with a strongSwan peer in each; disposes peers (collecting logs) before the namespaces.</summary>
internal sealed class StrongSwanPair : IAsyncDisposable
{
    private StrongSwanPair(TwoSites sites, StrongSwanPeer a, StrongSwanPeer b)
    {
        Sites = sites;
        A = a;
        B = b;
    }

    public TwoSites Sites { get; }

    public StrongSwanPeer A { get; }

    public StrongSwanPeer B { get; }

    public static async Task<StrongSwanPair> StartAsync(StrongSwanPeerOptions a, StrongSwanPeerOptions b)
    {
        var ct = TestContext.Current.CancellationToken;
        var sites = await TwoSites.CreateAsync();
        StrongSwanPeer? peerA = null;
        try
        {
            peerA = await StrongSwanPeer.StartAsync(sites.A, a, cancellationToken: ct);
            var peerB = await StrongSwanPeer.StartAsync(sites.B, b, cancellationToken: ct);
            return new StrongSwanPair(sites, peerA, peerB);
        }
        catch
        {
            if (peerA is not null)
            {
                await peerA.DisposeAsync();
            }

            await sites.DisposeAsync();
            throw;
        }
    }

    /// <summary>A initiates; then waits until both sides list one established IKE SA with one installed CHILD SA.</summary>
    public async Task<(IkeSaInfo A, IkeSaInfo B)> EstablishFromAAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await A.InitiateAsync(SwanSetups.Child, ct);
        var a = await A.WaitForSasAsync(OneTunnel, "one established IKE SA with one installed CHILD SA", ct);
        var b = await B.WaitForSasAsync(OneTunnel, "one established IKE SA with one installed CHILD SA", ct);
        return (a[0], b[0]);
    }

    public static bool OneTunnel(IReadOnlyList<IkeSaInfo> sas) =>
        sas.Count == 1 && sas[0].IsEstablished && sas[0].Children.Count == 1 && sas[0].Children[0].IsInstalled;

    /// <summary>
    /// One established IKE SA with exactly one installed CHILD SA. After a CHILD rekey strongSwan keeps
    /// the old inbound SA for charon.delete_rekeyed_delay (5 s) in state REKEYED/DELETED, so only
    /// installed ones count.
    /// </summary>
    public static IkeSaInfo? OneInstalledChild(IReadOnlyList<IkeSaInfo> sas) =>
        sas.Count == 1 && sas[0].IsEstablished && sas[0].InstalledChildren.Count() == 1 ? sas[0] : null;

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Sites.DisposeAsync();
    }
}
