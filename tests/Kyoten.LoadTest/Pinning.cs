using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.LoadTest;

/// <summary>What a real agent does on first contact: the CA in the server leaf's extension must hash to the token's pin.</summary>
internal static class Pinning
{
    public const string CaCertificateExtensionOid = "2.25.194104084497602263971922757260903269312";

    public static RemoteCertificateValidationCallback For(string caHash) => (_, certificate, _, _) =>
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var extension = leaf.Extensions[CaCertificateExtensionOid];
        if (extension is null || Base64Url(SHA256.HashData(extension.RawData)) != caHash)
        {
            return false;
        }

        using var ca = X509CertificateLoader.LoadCertificate(extension.RawData);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    };

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
