using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Ike.Config;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Builds and checks the authentication part of IKE_AUTH (RFC 7296 §2.15): the initiator signs its
/// IKE_SA_INIT request, Nr and prf(SK_pi, IDi'); the responder its IKE_SA_INIT response, Ni and
/// prf(SK_pr, IDr'). With a certificate: [CERT,] AUTH(method 14, RFC 7427); otherwise AUTH(PSK).
/// </summary>
internal static class Authenticator
{
    /// <summary>CERT payloads (if we have a certificate and the peer asked, see <see cref="CertificateChooser"/>) and the AUTH payload, in that order.</summary>
    public static List<IkePayload> Build(IkeSa sa, byte[] idBody, bool weAreInitiator)
    {
        var octets = SignedOctets(sa, idBody, signerIsInitiator: weAreInitiator);
        var peer = sa.Peer;
        if (peer.Certificate is { } certificate)
        {
            using var key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
                ?? throw new InvalidOperationException("bug: peer " + peer.Name + " certificate has no private key");
            var scheme = SignatureAuthenticator.ChooseScheme(key, sa.PeerSignatureHashes);
            var payloads = new List<IkePayload>();
            foreach (var sent in CertificateChooser.Choose(peer, certificate, sa.PeerCertificateRequests))
            {
                payloads.Add(new CertPayload(PayloadType.Certificate) { Encoding = CertEncoding.X509Signature, Data = sent.RawData });
            }

            payloads.Add(new AuthPayload { Method = AuthMethod.DigitalSignature, Data = SignatureAuthenticator.SignDigitalSignature(key, scheme, octets) });
            return payloads;
        }

        var psk = peer.PreSharedKey ?? throw new InvalidOperationException("bug: peer " + peer.Name + " has neither PSK nor certificate");
        return [new AuthPayload { Method = AuthMethod.SharedKeyMessageIntegrityCode, Data = PskAuthenticator.Compute(IkeCrypto.Prf(sa.Algorithms!.Prf), psk, octets) }];
    }

    /// <summary>Checks the peer's AUTH (and certificate chain and identity for signatures).</summary>
    public static bool Verify(IkeSa sa, PeerConfig peer, IkeMessage message, IdPayload id, bool peerIsInitiator, out string reason)
    {
        var auth = message.Get<AuthPayload>()!;
        var octets = SignedOctets(sa, id.ToBody(), signerIsInitiator: peerIsInitiator);
        if (auth.Method == AuthMethod.SharedKeyMessageIntegrityCode)
        {
            reason = "pre-shared key AUTH did not verify";
            return peer.PreSharedKey is { } psk && PskAuthenticator.Verify(IkeCrypto.Prf(sa.Algorithms!.Prf), psk, octets, auth.Data);
        }

        if (peer.TrustAnchors is not { Count: > 0 } anchors)
        {
            reason = "peer used signature AUTH but no trust anchors are configured";
            return false;
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var payload in message.Payloads)
            {
                if (payload is CertPayload { Type: PayloadType.Certificate, Encoding: CertEncoding.X509Signature } cert)
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(cert.Data));
                }
            }

            if (certificates.Count == 0)
            {
                reason = "peer sent no certificate";
                return false;
            }

            var intermediates = new X509Certificate2Collection();
            intermediates.AddRange(certificates.Skip(1).ToArray());
            var validation = new CertificateValidator(anchors, sa.Context.Time).Validate(certificates[0], intermediates, (byte)id.IdType, id.Data);
            if (!validation.IsValid)
            {
                reason = "certificate rejected: " + validation;
                return false;
            }

            reason = "signature AUTH did not verify";
            return SignatureAuthenticator.Verify((byte)auth.Method, auth.Data, octets, certificates[0]);
        }
        catch (CryptographicException)
        {
            reason = "peer certificate unreadable";
            return false;
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>CERTREQ with the SHA-1 SPKI hashes of our trust anchors (RFC 7296 §3.7), or null without anchors.</summary>
    public static CertPayload? CertificateRequest(PeerConfig peer)
    {
        if (peer.TrustAnchors is not { Count: > 0 } anchors)
        {
            return null;
        }

        var data = new List<byte>();
        foreach (var anchor in anchors)
        {
            data.AddRange(CertificateValidator.CertReqAuthorityHash(anchor));
        }

        return new CertPayload(PayloadType.CertificateRequest) { Encoding = CertEncoding.X509Signature, Data = [.. data] };
    }

    private static byte[] SignedOctets(IkeSa sa, byte[] idBody, bool signerIsInitiator) => signerIsInitiator
        ? AuthOctets.Build(IkeCrypto.Prf(sa.Algorithms!.Prf), sa.InitRequest, sa.Nr, sa.SkPi, idBody)
        : AuthOctets.Build(IkeCrypto.Prf(sa.Algorithms!.Prf), sa.InitResponse, sa.Ni, sa.SkPr, idBody);
}
