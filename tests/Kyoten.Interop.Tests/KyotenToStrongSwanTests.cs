using System.Globalization;
using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>
/// Kyoten's IKEv2 engine (site A, in <see cref="KyotenIkeHost"/>) against strongSwan 5.9.8 (site B).
/// strongSwan with kernel-libipsec forces UDP encapsulation (it fakes a NAT), so these also cover
/// the switch to port 4500 with the non-ESP marker. The host has no data path: the tests compare
/// what both ends negotiated, as a user would with swanctl --list-sas.
/// </summary>
public sealed class KyotenToStrongSwanTests
{
    [Fact]
    public async Task KyotenInitiates_StrongSwanResponds_BothAgreeOnSpisAndAlgorithms()
    {
        await using var sites = await TwoSites.CreateAsync();
        await using var swan = await StrongSwanPeer.StartAsync(sites.B, SwanSetups.PskB(), cancellationToken: TestContext.Current.CancellationToken);
        await using var kyoten = await KyotenIkeHostProcess.StartAsync(sites.A, HostOptions(initiator: true));

        await kyoten.SendAsync("initiate");

        var ike = await kyoten.WaitForAsync(l => l.Type == "IkeSaEstablished", "IKE SA established");
        var child = await kyoten.WaitForAsync(l => l.Type == "ChildSaEstablished", "CHILD SA established");
        var sas = await swan.WaitForSasAsync(StrongSwanPair.OneTunnel, "one IKE SA with one installed CHILD SA", TestContext.Current.CancellationToken);
        AssertSame(ike, child, sas[0], kyotenInitiated: true);
        var install = await kyoten.WaitForAsync(l => l.Kind == "install", "CHILD SA install");
        Assert.Equal(child.InboundSpi, install.InboundSpi);
        Assert.True(install.UdpEncapsulation, "strongSwan's libipsec claims a NAT, so ESP must go in UDP 4500");
        Assert.Equal(4500, sas[0].LocalPort);
    }

    [Fact]
    public async Task StrongSwanInitiates_KyotenResponds_BothAgreeOnSpisAndAlgorithms()
    {
        await using var sites = await TwoSites.CreateAsync();
        await using var swan = await StrongSwanPeer.StartAsync(sites.B, SwanSetups.PskB(), cancellationToken: TestContext.Current.CancellationToken);
        await using var kyoten = await KyotenIkeHostProcess.StartAsync(sites.A, HostOptions(initiator: false));

        await swan.InitiateAsync(SwanSetups.Child, TestContext.Current.CancellationToken);

        var ike = await kyoten.WaitForAsync(l => l.Type == "IkeSaEstablished", "IKE SA established");
        var child = await kyoten.WaitForAsync(l => l.Type == "ChildSaEstablished", "CHILD SA established");
        var sas = await swan.WaitForSasAsync(StrongSwanPair.OneTunnel, "one IKE SA with one installed CHILD SA", TestContext.Current.CancellationToken);
        AssertSame(ike, child, sas[0], kyotenInitiated: false);
    }

    internal static IkeHostOptions HostOptions(bool initiator, string psk = SwanSetups.Psk) => new()
    {
        LocalAddress = TwoSites.WanA,
        RemoteAddress = TwoSites.WanB,
        LocalId = SwanSetups.IdA,
        RemoteId = SwanSetups.IdB,
        Psk = psk,
        IkeProposals = ["aes256gcm16-prfsha256-x25519"],
        ChildProposals = ["aes256gcm16"],
        LocalTs = TwoSites.LanA + "/32",
        RemoteTs = TwoSites.LanB + "/32",
        Initiator = initiator,
    };

    /// <summary>Kyoten's view (events) and strongSwan's (list-sas) of one tunnel must mirror each other.</summary>
    internal static void AssertSame(HostLine ike, HostLine child, IkeSaInfo swan, bool kyotenInitiated)
    {
        Assert.True(swan.IsEstablished);
        Assert.Equal(kyotenInitiated, !swan.IsInitiator);
        Assert.Equal(ike.InitiatorSpi, Hex(swan.InitiatorSpi));
        Assert.Equal(ike.ResponderSpi, Hex(swan.ResponderSpi));
        Assert.Equal(
            (StrongSwanNames.Of(ike.Encryption), ike.KeyBits, StrongSwanNames.Of(ike.Prf), StrongSwanNames.Of(ike.KeyExchange), StrongSwanNames.Of(ike.Integrity)),
            (swan.EncryptionAlgorithm, swan.EncryptionKeySize, swan.PrfAlgorithm, swan.DhGroup, swan.IntegrityAlgorithm));
        var swanChild = Assert.Single(swan.Children);
        Assert.Equal(child.InboundSpi, Hex(swanChild.SpiOut));
        Assert.Equal(child.OutboundSpi, Hex(swanChild.SpiIn));
        Assert.Equal(
            (StrongSwanNames.Of(child.Encryption), child.KeyBits, StrongSwanNames.Of(child.Integrity)),
            (swanChild.EncryptionAlgorithm, swanChild.EncryptionKeySize, swanChild.IntegrityAlgorithm));
        Assert.Equal(("ESP", "TUNNEL"), (swanChild.Protocol, swanChild.Mode));
        Assert.Equal([TwoSites.LanB + "/32"], swanChild.LocalTs);
        Assert.Equal([TwoSites.LanA + "/32"], swanChild.RemoteTs);
        Assert.Equal((SwanSetups.IdB, SwanSetups.IdA), (swan.LocalId, swan.RemoteId));
    }

    private static string Hex(ulong spi) => spi.ToString("x16", CultureInfo.InvariantCulture);

    private static string Hex(uint spi) => spi.ToString("x8", CultureInfo.InvariantCulture);
}
