using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>Site A runs the Kyoten IKE host, site B strongSwan; disposes the host, then charon, then the namespaces.</summary>
internal sealed class KyotenAndStrongSwan : IAsyncDisposable
{
    private KyotenAndStrongSwan(TwoSites sites, StrongSwanPeer swan, KyotenIkeHostProcess kyoten)
    {
        Sites = sites;
        Swan = swan;
        Kyoten = kyoten;
    }

    public TwoSites Sites { get; }

    public StrongSwanPeer Swan { get; }

    public KyotenIkeHostProcess Kyoten { get; }

    public static Task<KyotenAndStrongSwan> StartAsync(bool kyotenInitiates, string kyotenPsk = SwanSetups.Psk) =>
        StartAsync(SwanSetups.PskB(), KyotenToStrongSwanTests.HostOptions(kyotenInitiates, kyotenPsk));

    public static async Task<KyotenAndStrongSwan> StartAsync(StrongSwanPeerOptions swanOptions, IkeHostOptions kyotenOptions)
    {
        var sites = await TwoSites.CreateAsync();
        StrongSwanPeer? swan = null;
        try
        {
            swan = await StrongSwanPeer.StartAsync(sites.B, swanOptions, cancellationToken: TestContext.Current.CancellationToken);
            var kyoten = await KyotenIkeHostProcess.StartAsync(sites.A, kyotenOptions);
            return new KyotenAndStrongSwan(sites, swan, kyoten);
        }
        catch
        {
            if (swan is not null)
            {
                await swan.DisposeAsync();
            }

            await sites.DisposeAsync();
            throw;
        }
    }

    /// <summary>Brings the tunnel up from the chosen side and returns both views once both report it.</summary>
    public async Task<(HostLine Ike, HostLine Child, IkeSaInfo Swan)> EstablishAsync(bool kyotenInitiates)
    {
        if (kyotenInitiates)
        {
            await Kyoten.SendAsync("initiate");
        }
        else
        {
            await Swan.InitiateAsync(SwanSetups.Child, TestContext.Current.CancellationToken);
        }

        var ike = await Kyoten.WaitForAsync(l => l.Type == "IkeSaEstablished", "IKE SA established");
        var child = await Kyoten.WaitForAsync(l => l.Type == "ChildSaEstablished", "CHILD SA established");
        var sas = await Swan.WaitForSasAsync(StrongSwanPair.OneTunnel, "one IKE SA with one installed CHILD SA", TestContext.Current.CancellationToken);
        return (ike, child, sas[0]);
    }

    /// <summary>
    /// Has the host seal an ICMP echo request LAN A → LAN B under Kyoten's outbound CHILD SA and send
    /// it to charon; asserts the echo reply came back and opened under Kyoten's inbound SA
    /// <paramref name="expectedInboundSpi"/>. Only possible when both derived the same keys.
    /// </summary>
    public async Task AssertEspEchoAsync(ushort sequence, string expectedInboundSpi)
    {
        await Kyoten.SendAsync("esp-ping " + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reply = await Kyoten.WaitForAsync(
            l => l.Kind == "esp" && (l.Type != "EchoReply" || l.Text!.EndsWith(" seq " + sequence, StringComparison.Ordinal)),
            $"an ESP datagram answering echo request {sequence}");
        Assert.Equal(("EchoReply", expectedInboundSpi), (reply.Type, reply.InboundSpi));
        Assert.StartsWith($"{TwoSites.LanB} -> {TwoSites.LanA}", reply.Text, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await Kyoten.DisposeAsync();
        await Swan.DisposeAsync();
        await Sites.DisposeAsync();
    }
}
