using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class CertificateAuthTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static EnginePair Pair(TestCertificates pki, Func<PeerConfig, PeerConfig>? a = null, Func<PeerConfig, PeerConfig>? b = null, IkeEngineOptions? options = null)
    {
        var certA = pki.Issue("a.example");
        var certB = pki.Issue("b.example");
        return new EnginePair(
            p => (a ?? (x => x))(p with { PreSharedKey = null, Certificate = certA, TrustAnchors = pki.Anchors }),
            p => (b ?? (x => x))(p with { PreSharedKey = null, Certificate = certB, TrustAnchors = pki.Anchors }),
            options);
    }

    [Fact]
    public void Certificates_authenticate_both_ends_with_rfc7427_signatures()
    {
        var pair = Pair(new TestCertificates(Start));
        pair.A.Engine.Initiate("to-b");
        pair.Deliver(pair.Next(pair.A));

        // <-- HDR, SA, KEr, Nr, N(SIGNATURE_HASH_ALGORITHMS), CERTREQ
        pair.Deliver(pair.Next(pair.B));

        // HDR, SK {IDi, IDr, CERT, AUTH(14), CERTREQ, SA2i, TSi, TSr} -->   <-- HDR, SK {IDr, CERT, AUTH(14), SA2r, TSi, TSr}
        pair.Pump();

        pair.AssertChildSasMatch(1);
        Assert.DoesNotContain(pair.A.Events, e => e is AuthFailed);
    }

    [Fact]
    public void Rsa_certificates_make_ike_auth_large_enough_to_fragment()
    {
        var pair = Pair(new TestCertificates(Start, rsa: true), options: new IkeEngineOptions { FragmentSize = 400 });

        pair.Establish();

        var fragments = pair.Wire.Where(p => p.Exchange == ExchangeType.IkeAuth && !p.IsResponse).ToList();
        Assert.True(fragments.Count >= 3);
        Assert.All(fragments, f => Assert.Equal(PayloadType.EncryptedFragment, EnginePair.Header(f).NextPayload));
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Certificate_from_another_ca_is_refused()
    {
        var pki = new TestCertificates(Start);
        var rogue = new TestCertificates(Start);
        var pair = Pair(pki, a => a with { Certificate = rogue.Issue("a.example") });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.B.Events, e => e is AuthFailed f && f.Reason.Contains("certificate rejected", StringComparison.Ordinal));
        Assert.Contains(pair.A.Events, e => e is AuthFailed);
        Assert.Empty(pair.A.Installed);
    }

    [Fact]
    public void Certificate_that_does_not_name_the_identity_is_refused()
    {
        var pki = new TestCertificates(Start);
        var pair = Pair(pki, a => a with { Certificate = pki.Issue("mallory.example") });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.B.Events, e => e is AuthFailed);
        Assert.Empty(pair.B.Installed);
    }

    [Fact]
    public void Expired_responder_certificate_is_refused_by_the_initiator()
    {
        var pki = new TestCertificates(Start);
        var pair = Pair(pki, b: b => b with { Certificate = pki.Issue("b.example", notAfter: Start.AddMinutes(-1)) });
        pair.A.Engine.Initiate("to-b");

        pair.Pump();

        Assert.Contains(pair.A.Events, e => e is AuthFailed f && f.Reason.Contains("certificate rejected", StringComparison.Ordinal));
        Assert.Empty(pair.A.Installed);
    }

    [Fact]
    public void Psk_initiator_and_certificate_responder_mix()
    {
        var pki = new TestCertificates(Start);
        var pair = Pair(pki, a => a with { Certificate = null, PreSharedKey = EnginePair.Psk }, b => b with { PreSharedKey = EnginePair.Psk });

        pair.Establish();

        pair.AssertChildSasMatch(1);
    }
}
