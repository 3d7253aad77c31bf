using System.Security.Cryptography.X509Certificates;
using Kyoten.Ike.Config;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Which certificates go into our CERT payloads (RFC 7296 §3.6, §3.7): the end-entity certificate
/// first, then the intermediates up to a CA the peer asked for by the SHA-1 hash of its
/// SubjectPublicKeyInfo in CERTREQ.
/// </summary>
internal static class CertificateChooser
{
    /// <summary>At most this many CERT payloads (ExchangeRules allows four in IKE_AUTH).</summary>
    private const int MaxCertificates = 4;

    /// <summary>The 20-octet CA hashes of every CERTREQ with X.509 encoding in <paramref name="payloads"/>; null when no CERTREQ came.</summary>
    public static List<byte[]>? RequestedAuthorities(IReadOnlyList<IkePayload> payloads)
    {
        List<byte[]>? hashes = null;
        foreach (var payload in payloads)
        {
            if (payload is CertPayload { Type: PayloadType.CertificateRequest } request)
            {
                hashes ??= [];
                if (request.Encoding == CertEncoding.X509Signature)
                {
                    // CertPayload.TryRead already refused lengths that are not a multiple of 20.
                    for (int offset = 0; offset + 20 <= request.Data.Length; offset += 20)
                    {
                        hashes.Add(request.Data[offset..(offset + 20)]);
                    }
                }
            }
        }

        return hashes;
    }

    /// <summary>
    /// The certificates to send, leaf first; empty when the policy says not to. With requested CAs,
    /// the chain stops below the first requested CA found walking up from the leaf; when none of
    /// them is in our chain (or no hashes were given) the whole configured chain goes out and the
    /// peer may still find a path.
    /// </summary>
    public static List<X509Certificate2> Choose(PeerConfig peer, X509Certificate2 leaf, List<byte[]>? requested)
    {
        var chosen = new List<X509Certificate2>();
        bool send = peer.SendCertificate switch
        {
            CertificateSendPolicy.Always => true,
            CertificateSendPolicy.Never => false,
            _ => requested is not null,
        };
        if (!send)
        {
            return chosen;
        }

        chosen.Add(leaf);
        var intermediates = peer.CertificateChain;
        var current = leaf;
        while (chosen.Count < MaxCertificates && intermediates is { Count: > 0 })
        {
            var issuer = FindIssuer(current, intermediates);
            if (issuer is null || IsRequested(issuer, requested) || issuer.SubjectName.RawData.AsSpan().SequenceEqual(issuer.IssuerName.RawData))
            {
                // Stop at the requested CA (the peer has it) or at a self-signed root (useless to send).
                break;
            }

            chosen.Add(issuer);
            current = issuer;
        }

        return chosen;
    }

    private static X509Certificate2? FindIssuer(X509Certificate2 certificate, X509Certificate2Collection candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) && !ReferenceEquals(candidate, certificate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsRequested(X509Certificate2 ca, List<byte[]>? requested)
    {
        if (requested is not { Count: > 0 })
        {
            return false;
        }

        var hash = CertificateValidator.CertReqAuthorityHash(ca);
        foreach (var candidate in requested)
        {
            if (candidate.AsSpan().SequenceEqual(hash))
            {
                return true;
            }
        }

        return false;
    }
}
