using System.Security.Cryptography.X509Certificates;
using Kyoten.Ike.Config;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Tasks;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>CERTREQ honoured (RFC 7296 §3.7, §2.15): CERT only when asked, chain up to the CA the peer named.</summary>
public sealed class CertificateRequestTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestCertificates _pki = new(Start);

    private PeerConfig Peer(CertificateSendPolicy policy, X509Certificate2Collection? chain = null) => new()
    {
        Name = "p",
        LocalEndPoint = EnginePair.AddressA,
        RemoteEndPoint = EnginePair.AddressB,
        LocalId = IkeIdentity.Fqdn("a.example"),
        SendCertificate = policy,
        CertificateChain = chain,
    };

    [Fact]
    public void Without_certreq_no_certificate_is_sent_by_default()
    {
        var leaf = _pki.Issue("a.example");

        Assert.Empty(CertificateChooser.Choose(Peer(CertificateSendPolicy.IfRequested), leaf, requested: null));
        Assert.Equal([leaf], CertificateChooser.Choose(Peer(CertificateSendPolicy.Always), leaf, requested: null));
        Assert.Empty(CertificateChooser.Choose(Peer(CertificateSendPolicy.Never), leaf, [CertificateValidator.CertReqAuthorityHash(_pki.Ca)]));
    }

    [Fact]
    public void Chain_stops_below_the_requested_ca()
    {
        var intermediate = _pki.IssueIntermediate("CN=Kyoten Test Intermediate");
        var leaf = _pki.Issue("a.example", intermediate);
        var peer = Peer(CertificateSendPolicy.IfRequested, [intermediate, _pki.Ca]);

        // The peer trusts the root: it needs the intermediate too.
        Assert.Equal([leaf, intermediate], CertificateChooser.Choose(peer, leaf, [CertificateValidator.CertReqAuthorityHash(_pki.Ca)]));

        // The peer holds the intermediate itself: the leaf is enough.
        Assert.Equal([leaf], CertificateChooser.Choose(peer, leaf, [CertificateValidator.CertReqAuthorityHash(intermediate)]));

        // A CA we do not know: send what we have, but never the self-signed root.
        Assert.Equal([leaf, intermediate], CertificateChooser.Choose(peer, leaf, [new byte[20]]));
    }

    [Fact]
    public void Certreq_hashes_are_read_from_every_certreq_payload()
    {
        var one = CertificateValidator.CertReqAuthorityHash(_pki.Ca);
        var two = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        IkePayload[] payloads =
        [
            new CertPayload(PayloadType.CertificateRequest) { Encoding = CertEncoding.X509Signature, Data = [.. one, .. two] },
            new CertPayload(PayloadType.CertificateRequest) { Encoding = CertEncoding.X509Signature, Data = one },
        ];

        var hashes = CertificateChooser.RequestedAuthorities(payloads);

        Assert.Equal([one, two, one], hashes!);
        Assert.Null(CertificateChooser.RequestedAuthorities([new NoncePayload { Data = new byte[32] }]));
    }

    [Fact]
    public void Peers_trusting_only_the_root_authenticate_a_certificate_issued_by_an_intermediate()
    {
        var intermediate = _pki.IssueIntermediate("CN=Kyoten Test Intermediate");
        var certA = _pki.Issue("a.example", intermediate);
        var certB = _pki.Issue("b.example");
        var pair = new EnginePair(
            p => p with { PreSharedKey = null, Certificate = certA, CertificateChain = [intermediate], TrustAnchors = _pki.Anchors },
            p => p with { PreSharedKey = null, Certificate = certB, TrustAnchors = _pki.Anchors });

        // HDR, SK {IDi, CERT(A), CERT(intermediate), AUTH, CERTREQ(root), SA2i, TSi, TSr} -->
        pair.Establish();

        pair.AssertChildSasMatch(1);
        Assert.DoesNotContain(pair.B.Events, e => e is AuthFailed);
    }

    [Fact]
    public void Certificate_withheld_by_policy_leaves_the_peer_unable_to_verify()
    {
        var certA = _pki.Issue("a.example");
        var certB = _pki.Issue("b.example");
        var pair = new EnginePair(
            p => p with { PreSharedKey = null, Certificate = certA, TrustAnchors = _pki.Anchors, SendCertificate = CertificateSendPolicy.Never },
            p => p with { PreSharedKey = null, Certificate = certB, TrustAnchors = _pki.Anchors });
        pair.A.Engine.Initiate("to-b");

        // HDR, SK {IDi, AUTH, CERTREQ, SA2i, TSi, TSr} -->  (no CERT although B asked)   <-- N(AUTHENTICATION_FAILED)
        pair.Pump();

        Assert.Contains(pair.B.Events, e => e is AuthFailed);
        Assert.Empty(pair.B.Installed);
    }
}
