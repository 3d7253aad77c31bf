using Kyoten.Testing.StrongSwan;

namespace Kyoten.Interop.Tests;

/// <summary>
/// Kyoten's engine against strongSwan with X.509 authentication (RFC 7427 digital signatures),
/// both ends holding certificates of one throwaway CA with SAN dNSName identities.
/// </summary>
public sealed class KyotenToStrongSwanCertificateTests
{
    [Theory]
    [InlineData(SwanKeyType.EcdsaP256, true)]
    [InlineData(SwanKeyType.EcdsaP256, false)]
    [InlineData(SwanKeyType.Rsa2048, true)]
    public async Task CertificateAuth_EitherSideInitiates_BothAuthenticate_AndEspEchoesThroughStrongSwan(SwanKeyType keyType, bool kyotenInitiates)
    {
        using var pki = SwanPki.Create(keyType);
        var kyotenCredential = pki.Issue("a", SwanSetups.IdA);
        var swanCredential = pki.Issue("b", SwanSetups.IdB);
        var swanOptions = new StrongSwanPeerOptions([SwanSetups.ForB(SwanAuth.Pubkey(SwanSetups.IdB, swanCredential.CertificateFile), SwanAuth.Pubkey(SwanSetups.IdA))])
        {
            Name = "b", CaCertificates = [pki.CaCertificatePem], Credentials = [swanCredential],
        };
        var kyotenOptions = KyotenToStrongSwanTests.HostOptions(kyotenInitiates) with
        {
            Psk = null,
            CertificatePem = kyotenCredential.CertificatePem,
            PrivateKeyPem = kyotenCredential.PrivateKeyPem,
            CaPem = pki.CaCertificatePem,
        };
        await using var run = await KyotenAndStrongSwan.StartAsync(swanOptions, kyotenOptions);

        var (ike, child, swan) = await run.EstablishAsync(kyotenInitiates);

        KyotenToStrongSwanTests.AssertSame(ike, child, swan, kyotenInitiates);
        var algorithm = keyType == SwanKeyType.EcdsaP256 ? "ECDSA" : "RSA";
        Assert.Matches($"authentication of '{SwanSetups.IdA}' with {algorithm}[^\\n]* successful", run.Swan.ReadLog());
        if (keyType == SwanKeyType.Rsa2048)
        {
            // An RSA certificate and signature push IKE_AUTH past 1280 octets: RFC 7383 fragments both ways.
            Assert.Contains("reassembled fragmented IKE message", run.Swan.ReadLog(), StringComparison.Ordinal);
            Assert.Contains("splitting IKE message", run.Swan.ReadLog(), StringComparison.Ordinal);
        }

        await run.AssertEspEchoAsync(1, child.InboundSpi!);
    }

    [Fact]
    public async Task CertificateFromAnotherCa_IsRefusedByStrongSwan()
    {
        using var pki = SwanPki.Create(SwanKeyType.EcdsaP256);
        using var strangers = SwanPki.Create(SwanKeyType.EcdsaP256, "Some Other CA");
        var kyotenCredential = strangers.Issue("a", SwanSetups.IdA);
        var swanCredential = pki.Issue("b", SwanSetups.IdB);
        var swanOptions = new StrongSwanPeerOptions([SwanSetups.ForB(SwanAuth.Pubkey(SwanSetups.IdB, swanCredential.CertificateFile), SwanAuth.Pubkey(SwanSetups.IdA))])
        {
            Name = "b", CaCertificates = [pki.CaCertificatePem], Credentials = [swanCredential],
        };
        var kyotenOptions = KyotenToStrongSwanTests.HostOptions(initiator: true) with
        {
            Psk = null,
            CertificatePem = kyotenCredential.CertificatePem,
            PrivateKeyPem = kyotenCredential.PrivateKeyPem,
            CaPem = pki.CaCertificatePem,
        };
        await using var run = await KyotenAndStrongSwan.StartAsync(swanOptions, kyotenOptions);

        await run.Kyoten.SendAsync("initiate");

        var outcome = await run.Kyoten.WaitForAsync(l => l.Type is "AuthFailed" or "Failed" or "IkeSaEstablished", "the outcome of IKE_AUTH");
        Assert.Equal("AuthFailed", outcome.Type);
        Assert.DoesNotContain(await run.Swan.ListSasAsync(TestContext.Current.CancellationToken), sa => sa.IsEstablished);
        Assert.Contains("no trusted ECDSA public key found for 'a.kyoten.test'", run.Swan.ReadLog(), StringComparison.Ordinal);
    }
}
