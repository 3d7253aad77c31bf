namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// An end-entity certificate and its private key as PEM, written by <see cref="StrongSwanPeer"/> to
/// <c>swanctl/x509/{Name}.pem</c> and <c>swanctl/private/{Name}.pem</c> (PKCS#8).
/// </summary>
public sealed record SwanCredential(string Name, string DnsName, string CertificatePem, string PrivateKeyPem)
{
    /// <summary>The value for <see cref="SwanAuth.Certificate"/>.</summary>
    public string CertificateFile => Name + ".pem";
}
