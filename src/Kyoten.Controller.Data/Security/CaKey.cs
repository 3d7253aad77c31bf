namespace Kyoten.Controller.Data.Security;

/// <summary>The controller's root CA: certificate and its ECDSA P-256 key, protected with Data Protection.</summary>
public sealed class CaKey
{
    public int Id { get; set; }

    public required byte[] CertificateDer { get; set; }

    /// <summary>PKCS#8 private key, Data Protection ciphertext (base64).</summary>
    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
