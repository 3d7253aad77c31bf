using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>A throwaway CA and end-entity certificates with a dNSName SAN, made per test.</summary>
internal sealed class TestCertificates
{
    public TestCertificates(DateTimeOffset now, bool rsa = false)
    {
        Now = now;
        Rsa = rsa;
        Ca = MakeCa("CN=Kyoten Test CA");
    }

    public DateTimeOffset Now { get; }

    public bool Rsa { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2Collection Anchors => [Ca];

    public X509Certificate2 MakeCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
    }

    /// <summary>An intermediate CA signed by <paramref name="issuer"/> (default: the root), with its private key.</summary>
    public X509Certificate2 IssueIntermediate(string subject, X509Certificate2? issuer = null)
    {
        issuer ??= Ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), Now.AddHours(-2), Now.AddDays(60), serial);
        return signed.CopyWithPrivateKey(key);
    }

    public X509Certificate2 Issue(string dnsName, X509Certificate2? issuer = null, DateTimeOffset? notAfter = null)
    {
        issuer ??= Ca;
        AsymmetricAlgorithm key = Rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsaKey
            ? new CertificateRequest("CN=" + dnsName, rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=" + dnsName, (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        var generator = X509SignatureGenerator.CreateForECDsa(issuerKey);
        using var signed = request.Create(issuer.SubjectName, generator, Now.AddHours(-1), notAfter ?? Now.AddDays(30), serial);
        var withKey = key is RSA r ? signed.CopyWithPrivateKey(r) : signed.CopyWithPrivateKey((ECDsa)key);
        key.Dispose();
        return withKey;
    }
}
