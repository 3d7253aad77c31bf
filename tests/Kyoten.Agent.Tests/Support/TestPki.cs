using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Tests.Support;

/// <summary>A throwaway CA like the controller's: root, controller server certificate, agent certificates.</summary>
internal sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki(string name = "Test Root CA")
    {
        var request = new CertificateRequest($"CN={name}, O=Kyoten Tests", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        ServerCertificate = IssueServerCertificate(embeddedCa: Ca);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>Server certificate for localhost/127.0.0.1 with its private key, carrying the CA like the controller's.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public byte[] CaHash => SHA256.HashData(Ca.RawData);

    public string CaHashBase64Url => System.Buffers.Text.Base64Url.EncodeToString(CaHash);

    public string NewToken() => $"kyt1.{CaHashBase64Url}.{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public X509Certificate2 IssueAgentCertificate(PublicKey publicKey, string site)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={site}.sites.kyoten, O=Kyoten"), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth, ServerAuth], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName($"{site}.sites.kyoten");
        request.CertificateExtensions.Add(san.Build());
        return Sign(request);
    }

    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Ca.Dispose();
        ServerCertificate.Dispose();
    }

    /// <summary>A controller TLS certificate; <paramref name="embeddedCa"/> goes into the CA extension (none if null).</summary>
    public X509Certificate2 IssueServerCertificate(X509Certificate2? embeddedCa)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Kyoten test controller", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        if (embeddedCa is not null)
        {
            request.CertificateExtensions.Add(new X509Extension(new Oid(Kyoten.Agent.Control.ControllerPin.CaCertificateExtensionOid), embeddedCa.RawData, false));
        }

        using var issued = Sign(request);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private X509Certificate2 Sign(CertificateRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), now.AddDays(-1), now.AddDays(30), serial);
    }
}
