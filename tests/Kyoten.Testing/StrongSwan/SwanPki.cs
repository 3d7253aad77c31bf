using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// A throwaway CA for interop tests, made with <see cref="CertificateRequest"/>: a self-signed root
/// and end-entity certificates whose identity is a SAN dNSName (what an FQDN IKE ID matches).
/// </summary>
public sealed class SwanPki : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly SwanKeyType _keyType;

    private SwanPki(X509Certificate2 ca, SwanKeyType keyType)
    {
        _ca = ca;
        _keyType = keyType;
    }

    /// <summary>The CA certificate as PEM, for <c>swanctl/x509ca</c>.</summary>
    public string CaCertificatePem => _ca.ExportCertificatePem();

    public static SwanPki Create(SwanKeyType keyType, string commonName = "Kyoten Interop Test CA")
    {
        var request = NewRequest(keyType, $"CN={commonName}, O=Kyoten Test", out var key);
        using (key)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = TimeProvider.System.GetUtcNow();
            return new SwanPki(request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30)), keyType);
        }
    }

    /// <summary>Issues an end-entity certificate for <paramref name="dnsName"/> with a fresh key of the CA's type.</summary>
    public SwanCredential Issue(string name, string dnsName)
    {
        var request = NewRequest(_keyType, $"CN={dnsName}, O=Kyoten Test", out var key);
        using (key)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
            var serial = RandomNumberGenerator.GetBytes(12);
            serial[0] &= 0x7f;
            var now = TimeProvider.System.GetUtcNow();
            using var certificate = request.Create(_ca, now.AddDays(-1), now.AddDays(7), serial);
            return new SwanCredential(name, dnsName, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }

    public void Dispose() => _ca.Dispose();

    private static CertificateRequest NewRequest(SwanKeyType keyType, string subject, out AsymmetricAlgorithm key)
    {
        var name = new X500DistinguishedName(subject);
        if (keyType == SwanKeyType.EcdsaP256)
        {
            var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = ec;
            return new CertificateRequest(name, ec, HashAlgorithmName.SHA256);
        }

        var rsa = RSA.Create(2048);
        key = rsa;
        return new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
