using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Control;

/// <summary>
/// Trusts the controller only through its own CA, identified by SHA-256 of the CA certificate DER.
/// The CA may come from the presented chain, from the enrolled state, or from an extension of the
/// controller's TLS leaf that carries the CA certificate DER (TLS stacks, .NET's SslStream among
/// them, leave a self-signed root out of the chain they send, so first contact needs it there).
/// Finding the pinned certificate is not enough, since anyone can copy it: the leaf must chain to
/// it, be valid for server authentication and name the host.
/// </summary>
internal sealed class ControllerPin(byte[] caHash, IReadOnlyList<X509Certificate2> knownCas, TimeProvider time)
{
    /// <summary>The controller's private extension holding its CA certificate DER (same OID in Kyoten.Controller's CertificateAuthority).</summary>
    public const string CaCertificateExtensionOid = "2.25.194104084497602263971922757260903269312";

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    public PinFailure LastFailure { get; private set; }

    /// <summary>Why the last handshake was refused, for the operator; null if it was not.</summary>
    public string? LastFailureReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        (LastFailure, LastFailureReason) = Check(certificate, chain, errors);
        return LastFailure == PinFailure.None;
    }

    private (PinFailure, string?) Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return (PinFailure.NoCertificate, "the controller presented no certificate");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = new X509Certificate2Collection();
        if (chain is not null)
        {
            presented.AddRange(chain.ChainPolicy.ExtraStore);
            foreach (var element in chain.ChainElements)
            {
                presented.Add(element.Certificate);
            }
        }

        using var embedded = EmbeddedCa(leaf);
        var anchor = presented.Concat(knownCas).Concat(embedded is null ? [] : [embedded]).FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(SHA256.HashData(c.RawData), caHash));
        if (anchor is null)
        {
            return (PinFailure.CaNotPresented, "the controller presented no CA certificate matching the hash in the token (CA mismatch)");
        }

        using var build = new X509Chain();
        build.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        build.ChainPolicy.CustomTrustStore.Add(anchor);
        build.ChainPolicy.ExtraStore.AddRange(presented);
        build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        build.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        build.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        build.ChainPolicy.DisableCertificateDownloads = true;
        if (!build.Build(leaf))
        {
            var status = string.Join(", ", build.ChainStatus.Select(s => s.Status));
            return (PinFailure.ChainInvalid, $"the controller's certificate does not chain to the pinned CA ({status}) (CA mismatch)");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return (PinFailure.NameMismatch, $"the controller's certificate ({leaf.Subject}) does not name the host in the controller URL");
        }

        return (PinFailure.None, null);
    }

    private static X509Certificate2? EmbeddedCa(X509Certificate2 leaf)
    {
        if (leaf.Extensions[CaCertificateExtensionOid] is not { } extension)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(extension.RawData);
        }
        catch (CryptographicException)
        {
            return null; // garbage there only means no CA was offered
        }
    }
}
