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
        await using var run = await KyotenAndStrongSwan.StartAsync(kyotenInitiates: true);

        var (ike, child, swan) = await run.EstablishAsync(kyotenInitiates: true);

        AssertSame(ike, child, swan, kyotenInitiated: true);
        Assert.Equal(("AesGcm16", 256, "HmacSha2_256", "Curve25519"), (ike.Encryption, ike.KeyBits, ike.Prf, ike.KeyExchange));
        var install = await run.Kyoten.WaitForAsync(l => l.Kind == "install", "CHILD SA install");
        Assert.Equal((child.InboundSpi, child.OutboundSpi), (install.InboundSpi, install.OutboundSpi));
        Assert.True(install.UdpEncapsulation, "strongSwan's libipsec claims a NAT, so ESP must go in UDP 4500");
        Assert.Equal((4500, 4500), (swan.LocalPort, swan.RemotePort));
        await run.AssertEspEchoAsync(1, child.InboundSpi!);
        var counted = (await run.Swan.ListSasAsync(TestContext.Current.CancellationToken))[0].Children[0];
        Assert.True(counted.PacketsIn >= 1 && counted.PacketsOut >= 1, $"charon's libipsec carried the echo: {counted}");
    }

    [Theory]
    [InlineData(TwoSites.WanB)]
    [InlineData("0.0.0.0")] // a dynamic-address site: Kyoten accepts it from any address
    public async Task StrongSwanInitiates_KyotenResponds_BothAgreeOnSpisAndAlgorithms(string kyotenRemoteAddress)
    {
        var options = HostOptions(initiator: false) with { RemoteAddress = kyotenRemoteAddress };
        await using var run = await KyotenAndStrongSwan.StartAsync(SwanSetups.PskB(), options);

        var (ike, child, swan) = await run.EstablishAsync(kyotenInitiates: false);

        AssertSame(ike, child, swan, kyotenInitiated: false);
        var install = await run.Kyoten.WaitForAsync(l => l.Kind == "install", "CHILD SA install");
        Assert.True(install.UdpEncapsulation, "strongSwan's libipsec claims a NAT, so ESP must go in UDP 4500");
        Assert.EndsWith($"-> {TwoSites.WanB}:4500", install.Text, StringComparison.Ordinal);
        await run.AssertEspEchoAsync(1, child.InboundSpi!);
    }

    [Fact]
    public async Task KyotenInitiatesWithWrongPsk_AuthenticationFails_AndNoSideHasAnSa()
    {
        await using var run = await KyotenAndStrongSwan.StartAsync(kyotenInitiates: true, kyotenPsk: "not-the-psk-strongswan-has-0123456");

        await run.Kyoten.SendAsync("initiate");

        var failed = await run.Kyoten.WaitForAsync(l => l.Type is "AuthFailed" or "Failed" or "IkeSaEstablished", "the outcome of IKE_AUTH");
        Assert.Equal("AuthFailed", failed.Type);
        Assert.DoesNotContain(await run.Swan.ListSasAsync(TestContext.Current.CancellationToken), sa => sa.IsEstablished);
        Assert.Contains("but MAC mismatched", run.Swan.ReadLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aes128-sha256-ecp256", "aes128-sha256", "AES_CBC", 128, "HMAC_SHA2_256_128")]
    [InlineData("aes256gcm16-prfsha384-ecp384", "aes128gcm16", "AES_GCM_16", 128, null)]
    // strongSwan lists no encr-keysize for ChaCha20-Poly1305 (fixed 256-bit key, no key length attribute).
    [InlineData("chacha20poly1305-prfsha512-modp2048", "chacha20poly1305", "CHACHA20_POLY1305", 0, null)]
    public async Task KyotenInitiates_OtherSuites_StrongSwanInstallsTheSameAlgorithms(string ike, string esp, string swanEncryption, int swanKeyBits, string? swanIntegrity)
    {
        var options = HostOptions(initiator: true) with { IkeProposals = [ike], ChildProposals = [esp] };
        await using var run = await KyotenAndStrongSwan.StartAsync(SwanSetups.PskB(ike, esp), options);

        var (ikeLine, child, swan) = await run.EstablishAsync(kyotenInitiates: true);

        AssertSame(ikeLine, child, swan, kyotenInitiated: true);
        var swanChild = swan.Children[0];
        Assert.Equal((swanEncryption, swanKeyBits, swanIntegrity), (swanChild.EncryptionAlgorithm, swanChild.EncryptionKeySize, swanChild.IntegrityAlgorithm));
        await run.AssertEspEchoAsync(1, child.InboundSpi!);
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
