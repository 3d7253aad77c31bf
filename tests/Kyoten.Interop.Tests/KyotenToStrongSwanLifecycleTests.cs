using System.Globalization;
using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>Rekeys and deletes between Kyoten's engine and strongSwan, started from either side.</summary>
public sealed class KyotenToStrongSwanLifecycleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChildRekey_FromEitherSide_BothEndUpWithTheSameNewSpis(bool kyotenRekeys)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await KyotenAndStrongSwan.StartAsync(kyotenInitiates: true);
        var (_, child, before) = await run.EstablishAsync(kyotenInitiates: true);

        if (kyotenRekeys)
        {
            await run.Kyoten.SendAsync("rekey-child " + child.InboundSpi);
        }
        else
        {
            await run.Swan.RekeyChildAsync(SwanSetups.Child, ct);
        }

        var rekeyed = await run.Kyoten.WaitForAsync(l => l.Type == "ChildSaRekeyed", "CHILD SA rekeyed");
        var oldSwanChild = before.Children[0];
        var after = (await run.Swan.WaitForSasAsync(
            sas => StrongSwanPair.OneInstalledChild(sas) is { } sa && sa.InstalledChildren.Single().SpiIn != oldSwanChild.SpiIn,
            "one installed CHILD SA with new SPIs",
            ct))[0];
        var swanChild = after.InstalledChildren.Single();
        Assert.Equal(child.InboundSpi, rekeyed.OldInboundSpi);
        Assert.NotEqual(child.InboundSpi, rekeyed.InboundSpi);
        Assert.NotEqual(child.OutboundSpi, rekeyed.OutboundSpi);
        Assert.Equal(rekeyed.InboundSpi, Hex(swanChild.SpiOut));
        Assert.Equal(rekeyed.OutboundSpi, Hex(swanChild.SpiIn));
        Assert.Equal((before.InitiatorSpi, before.ResponderSpi), (after.InitiatorSpi, after.ResponderSpi));
        Assert.Equal(("AES_GCM_16", 256), (swanChild.EncryptionAlgorithm, swanChild.EncryptionKeySize));
        var removed = await run.Kyoten.WaitForAsync(l => l.Kind == "remove", "the old CHILD SA removed from the data path");
        Assert.Equal(child.InboundSpi, removed.InboundSpi);
        await run.AssertEspEchoAsync(2, rekeyed.InboundSpi!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChildRekeyWithPfs_FromEitherSide_RunsAKeyExchange_AndTheNewKeysCarryEsp(bool kyotenRekeys)
    {
        var ct = TestContext.Current.CancellationToken;
        const string Ike = "aes256gcm16-prfsha256-x25519";
        const string Esp = "aes256gcm16-x25519";
        var kyotenOptions = KyotenToStrongSwanTests.HostOptions(initiator: true) with { IkeProposals = [Ike], ChildProposals = [Esp] };
        await using var run = await KyotenAndStrongSwan.StartAsync(SwanSetups.PskB(Ike, Esp), kyotenOptions);
        var (_, child, before) = await run.EstablishAsync(kyotenInitiates: true);

        if (kyotenRekeys)
        {
            await run.Kyoten.SendAsync("rekey-child " + child.InboundSpi);
        }
        else
        {
            await run.Swan.RekeyChildAsync(SwanSetups.Child, ct);
        }

        var rekeyed = await run.Kyoten.WaitForAsync(l => l.Type == "ChildSaRekeyed", "CHILD SA rekeyed");
        var after = (await run.Swan.WaitForSasAsync(
            sas => StrongSwanPair.OneInstalledChild(sas) is { } sa && sa.InstalledChildren.Single().SpiIn != before.Children[0].SpiIn,
            "one installed CHILD SA with new SPIs",
            ct))[0];
        Assert.Equal("Curve25519", rekeyed.KeyExchange);
        Assert.Matches("CREATE_CHILD_SA (request|response) \\d+ \\[ (N\\(REKEY_SA\\) )?SA No KE TSi TSr", run.Swan.ReadLog());
        Assert.Equal(rekeyed.InboundSpi, Hex(after.InstalledChildren.Single().SpiOut));
        await run.AssertEspEchoAsync(2, rekeyed.InboundSpi!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task IkeRekey_FromEitherSide_BothEndUpWithTheSameNewIkeSpis_AndKeepTheChildSa(bool kyotenRekeys)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await KyotenAndStrongSwan.StartAsync(kyotenInitiates: true);
        var (ike, child, before) = await run.EstablishAsync(kyotenInitiates: true);

        if (kyotenRekeys)
        {
            await run.Kyoten.SendAsync("rekey-ike");
        }
        else
        {
            await run.Swan.RekeyIkeAsync(SwanSetups.Ike, ct);
        }

        var rekeyed = await run.Kyoten.WaitForAsync(l => l.Type == "IkeSaRekeyed", "IKE SA rekeyed");
        var after = await run.Swan.WaitForSasAsync(
            sas => StrongSwanPair.OneTunnel(sas) && sas[0].InitiatorSpi != before.InitiatorSpi,
            "one IKE SA with new SPIs",
            ct);
        Assert.NotEqual(ike.InitiatorSpi, rekeyed.InitiatorSpi);
        Assert.Equal(rekeyed.InitiatorSpi, Hex(after[0].InitiatorSpi));
        Assert.Equal(rekeyed.ResponderSpi, Hex(after[0].ResponderSpi));
        Assert.Equal(kyotenRekeys, !after[0].IsInitiator);
        Assert.Equal(("AES_GCM_16", "PRF_HMAC_SHA2_256", "CURVE_25519"), (after[0].EncryptionAlgorithm, after[0].PrfAlgorithm, after[0].DhGroup));
        Assert.Equal(child.InboundSpi, Hex(after[0].Children[0].SpiOut));
        Assert.Equal(child.OutboundSpi, Hex(after[0].Children[0].SpiIn));
        await run.AssertEspEchoAsync(2, child.InboundSpi!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delete_FromEitherSide_RemovesTheSasOnBoth(bool kyotenDeletes)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await KyotenAndStrongSwan.StartAsync(kyotenInitiates: false);
        var (_, child, _) = await run.EstablishAsync(kyotenInitiates: false);

        if (kyotenDeletes)
        {
            await run.Kyoten.SendAsync("terminate");
        }
        else
        {
            await run.Swan.TerminateIkeAsync(SwanSetups.Ike, ct);
        }

        await run.Kyoten.WaitForAsync(l => l.Type == "IkeSaDeleted", "IKE SA deleted");
        var removed = await run.Kyoten.WaitForAsync(l => l.Kind == "remove", "the CHILD SA removed from the data path");
        Assert.Equal((child.InboundSpi, child.OutboundSpi), (removed.InboundSpi, removed.OutboundSpi));
        await run.Swan.WaitForSasAsync(sas => sas.Count == 0, "no SAs", ct);
        if (kyotenDeletes)
        {
            Assert.Contains("received DELETE for IKE_SA", run.Swan.ReadLog(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StrongSwanDeadPeerDetection_KyotenAnswers_AndTheTunnelStaysUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var swanOptions = SwanSetups.PskB();
        swanOptions = swanOptions with { Connections = [swanOptions.Connections[0] with { DpdDelay = TimeSpan.FromSeconds(1) }] };
        await using var run = await KyotenAndStrongSwan.StartAsync(swanOptions, KyotenToStrongSwanTests.HostOptions(initiator: true));
        var (ike, child, _) = await run.EstablishAsync(kyotenInitiates: true);

        // With no traffic charon sends an empty INFORMATIONAL after dpd_delay (RFC 7296 §2.4 liveness check).
        await run.Swan.WaitForLogAsync("sending DPD request", ct);
        await run.Swan.WaitForLogAsync("parsed INFORMATIONAL response", ct);

        var sas = await run.Swan.ListSasAsync(ct);
        KyotenToStrongSwanTests.AssertSame(ike, child, Assert.Single(sas), kyotenInitiated: true);
        Assert.DoesNotContain(run.Kyoten.Lines, l => l.Type is "IkeSaDeleted" or "Failed");
    }

    private static string Hex(ulong spi) => spi.ToString("x16", CultureInfo.InvariantCulture);

    private static string Hex(uint spi) => spi.ToString("x8", CultureInfo.InvariantCulture);
}
