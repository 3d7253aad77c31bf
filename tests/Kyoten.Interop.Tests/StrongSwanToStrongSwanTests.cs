using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>
/// strongSwan ↔ strongSwan through kernel-libipsec in two namespaces. These prove the harness and
/// stay as the reference for what the Kyoten ↔ strongSwan tests must show.
/// </summary>
public sealed class StrongSwanToStrongSwanTests
{
    [Fact]
    public async Task PskTunnel_BothSidesAgreeOnSpisAndAlgorithms_AndPingCrossesIt()
    {
        await using var pair = await StrongSwanPair.StartAsync(SwanSetups.PskA(), SwanSetups.PskB());

        var (a, b) = await pair.EstablishFromAAsync();

        SaAssert.Mirrored(a, b);
        Assert.Equal(("AES_GCM_16", 256, "PRF_HMAC_SHA2_256", "CURVE_25519"), (a.EncryptionAlgorithm, a.EncryptionKeySize, a.PrfAlgorithm, a.DhGroup));
        Assert.Equal(("AES_GCM_16", 256, "ESP", "TUNNEL"), (a.Children[0].EncryptionAlgorithm, a.Children[0].EncryptionKeySize, a.Children[0].Protocol, a.Children[0].Mode));
        Assert.True(a.Children[0].Encapsulated, "libipsec forces ESP in UDP 4500");
        Assert.Equal((SwanSetups.IdA, SwanSetups.IdB), (a.LocalId, a.RemoteId));
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.True(ping.ExitCode == 0, ping.StandardOutput + ping.StandardError);
        var after = await pair.A.ListSasAsync(TestContext.Current.CancellationToken);
        Assert.True(after[0].Children[0].PacketsOut >= 3, $"echo requests went through the CHILD SA: {after[0].Children[0]}");
        Assert.True(after[0].Children[0].PacketsIn >= 3, $"echo replies came back through the CHILD SA: {after[0].Children[0]}");
    }

    [Fact]
    public async Task WrongPsk_FailsAuthentication_AndTheResponderLogSaysWhy()
    {
        await using var pair = await StrongSwanPair.StartAsync(SwanSetups.PskA(), SwanSetups.PskB("a-different-psk-0123456789abcdef"));

        var initiate = await pair.A.TryInitiateAsync(SwanSetups.Child, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, initiate.ExitCode);
        Assert.DoesNotContain(await pair.B.ListSasAsync(TestContext.Current.CancellationToken), sa => sa.IsEstablished);
        Assert.Contains("tried 1 shared key for", pair.B.ReadLog(), StringComparison.Ordinal);
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.NotEqual(0, ping.ExitCode);
    }

    [Theory]
    [InlineData(SwanKeyType.EcdsaP256, "ECDSA")]
    [InlineData(SwanKeyType.Rsa2048, "RSA")]
    public async Task CertificateAuth_EstablishesTunnel_AndPingCrossesIt(SwanKeyType keyType, string logged)
    {
        using var pki = SwanPki.Create(keyType);
        var credA = pki.Issue("a", SwanSetups.IdA);
        var credB = pki.Issue("b", SwanSetups.IdB);
        var a = new StrongSwanPeerOptions([SwanSetups.ForA(SwanAuth.Pubkey(SwanSetups.IdA, credA.CertificateFile), SwanAuth.Pubkey(SwanSetups.IdB))])
        {
            Name = "a", CaCertificates = [pki.CaCertificatePem], Credentials = [credA],
        };
        var b = new StrongSwanPeerOptions([SwanSetups.ForB(SwanAuth.Pubkey(SwanSetups.IdB, credB.CertificateFile), SwanAuth.Pubkey(SwanSetups.IdA))])
        {
            Name = "b", CaCertificates = [pki.CaCertificatePem], Credentials = [credB],
        };
        await using var pair = await StrongSwanPair.StartAsync(a, b);

        var (saA, saB) = await pair.EstablishFromAAsync();

        SaAssert.Mirrored(saA, saB);
        Assert.Equal((SwanSetups.IdB, SwanSetups.IdA), (saB.LocalId, saB.RemoteId));
        Assert.Matches($"authentication of '{SwanSetups.IdA}' with {logged}[^\\n]* successful", pair.B.ReadLog());
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.True(ping.ExitCode == 0, ping.StandardOutput + ping.StandardError);
    }

    [Fact]
    public async Task ChildRekey_InstallsNewSpisOnBothSides_AndPingStillCrossesTheTunnel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StrongSwanPair.StartAsync(SwanSetups.PskA(), SwanSetups.PskB());
        var (before, _) = await pair.EstablishFromAAsync();
        var old = before.Children[0];

        await pair.A.RekeyChildAsync(SwanSetups.Child, ct);

        bool Rekeyed(IReadOnlyList<IkeSaInfo> sas) =>
            StrongSwanPair.OneInstalledChild(sas) is { } sa && sa.InstalledChildren.Single().SpiIn is var spi && spi != old.SpiIn && spi != old.SpiOut;
        var a = (await pair.A.WaitForSasAsync(Rekeyed, "one installed CHILD SA with new SPIs", ct))[0];
        var b = (await pair.B.WaitForSasAsync(Rekeyed, "one installed CHILD SA with new SPIs", ct))[0];
        SaAssert.Mirrored(a, b);
        Assert.Equal((before.InitiatorSpi, before.ResponderSpi), (a.InitiatorSpi, a.ResponderSpi));
        Assert.NotEqual(old.SpiOut, a.InstalledChildren.Single().SpiOut);
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.True(ping.ExitCode == 0, ping.StandardOutput + ping.StandardError);
    }

    [Fact]
    public async Task IkeRekey_ReplacesIkeSpis_KeepsTheChildSa_AndPingStillCrossesTheTunnel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StrongSwanPair.StartAsync(SwanSetups.PskA(), SwanSetups.PskB());
        var (before, _) = await pair.EstablishFromAAsync();

        await pair.B.RekeyIkeAsync(SwanSetups.Ike, ct);

        bool Rekeyed(IReadOnlyList<IkeSaInfo> sas) => StrongSwanPair.OneTunnel(sas) && sas[0].InitiatorSpi != before.InitiatorSpi;
        var a = await pair.A.WaitForSasAsync(Rekeyed, "one IKE SA with new SPIs", ct);
        var b = await pair.B.WaitForSasAsync(Rekeyed, "one IKE SA with new SPIs", ct);
        SaAssert.Mirrored(a[0], b[0]);
        Assert.NotEqual(before.ResponderSpi, a[0].ResponderSpi);
        Assert.Equal(before.Children[0].SpiIn, a[0].Children[0].SpiIn);
        Assert.True(b[0].IsInitiator, "the side that rekeys becomes the initiator of the new IKE SA");
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.True(ping.ExitCode == 0, ping.StandardOutput + ping.StandardError);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Terminate_FromEitherSide_RemovesTheSasOnBothSides_AndTrafficStops(bool initiatorDeletes)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await StrongSwanPair.StartAsync(SwanSetups.PskA(), SwanSetups.PskB());
        await pair.EstablishFromAAsync();

        await (initiatorDeletes ? pair.A : pair.B).TerminateIkeAsync(SwanSetups.Ike, ct);

        await pair.A.WaitForSasAsync(sas => sas.Count == 0, "no SAs", ct);
        await pair.B.WaitForSasAsync(sas => sas.Count == 0, "no SAs", ct);
        Assert.Contains("received DELETE for IKE_SA", (initiatorDeletes ? pair.B : pair.A).ReadLog(), StringComparison.Ordinal);
        var ping = await pair.Sites.PingBFromAAsync();
        Assert.NotEqual(0, ping.ExitCode);
    }
}
