using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Security;
using Kyoten.Controller.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Security;

/// <summary>
/// The controller's own root CA (ECDSA P-256). Its key sits in PostgreSQL encrypted with Data
/// Protection, so every replica signs with the same CA. Subjects and SANs of issued certificates
/// come from the controller, never from the CSR.
/// </summary>
internal sealed class CertificateAuthority(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    TimeProvider time,
    IOptions<KyotenOptions> options)
{
    /// <summary>
    /// Non-critical extension of the agent endpoint's TLS certificate holding the CA certificate's
    /// DER. TLS stacks never send a self-signed root (.NET trims it from the chain), yet an agent
    /// on first contact has only the CA's hash from its token: it hashes this extension's value,
    /// compares it with the token, then validates the leaf against that CA. OID from the UUID arc
    /// (ITU-T X.667), so no registration is needed.
    /// </summary>
    public const string CaCertificateExtensionOid = "2.25.194104084497602263971922757260903269312";

    private const long CaLockKey = 0x4b79_6f74_0001;
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private X509Certificate2? _certificate;
    private ECDsa? _key;
    private SslStreamCertificateContext? _serverContext;

    public X509Certificate2 Certificate => _certificate ?? throw new InvalidOperationException("bug: CA used before InitializeAsync");

    /// <summary>base64url(SHA-256(CA certificate DER)): what enrollment tokens carry for pinning.</summary>
    public string CertificateHash => Base64Url.Encode(SHA256.HashData(Certificate.RawData));

    public string TrustAnchorsPem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>Loads the CA, creating it on the very first start (one replica wins, under an advisory lock).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var protector = protection.CreateProtector(ProtectionPurposes.CaRootKey);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CaLockKey})", cancellationToken).ConfigureAwait(false);
        var row = await db.CaKeys.SingleOrDefaultAsync(c => c.Id == 1, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var now = time.GetUtcNow();
            var request = new CertificateRequest($"CN=Kyoten Root CA {Guid.NewGuid():N}"[..35] + ", O=Kyoten", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
            row = new CaKey
            {
                Id = 1,
                CertificateDer = ca.RawData,
                ProtectedPrivateKey = protector.Protect(Convert.ToBase64String(key.ExportPkcs8PrivateKey())),
                CreatedAt = now,
            };
            db.CaKeys.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _certificate = X509CertificateLoader.LoadCertificate(row.CertificateDer);
        var caKey = ECDsa.Create();
        caKey.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(row.ProtectedPrivateKey)), out _);
        _key = caKey;
    }

    /// <summary>An agent certificate for <paramref name="publicKey"/>; identity = <c>&lt;site&gt;.sites.kyoten</c>.</summary>
    public X509Certificate2 IssueAgentCertificate(PublicKey publicKey, string siteName)
    {
        var identity = AddressRules.IdentityOf(siteName);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={identity}, O=Kyoten"), publicKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(identity);
        var now = time.GetUtcNow();
        return Sign(request, san, [ClientAuth, ServerAuth], now.AddMinutes(-5), now.AddDays(options.Value.AgentCertificateDays));
    }

    /// <summary>Chains to our CA and is valid now. Whether the agent is known and not revoked is the caller's check.</summary>
    public bool IsValidAgentCertificate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate) && chain.ChainElements.Count == 2;
    }

    /// <summary>The agent endpoint's TLS certificate with our CA in the chain sent, so agents can pin the CA hash.</summary>
    public SslStreamCertificateContext ServerCertificateContext()
    {
        return _serverContext ??= Create();

        SslStreamCertificateContext Create()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var names = options.Value.AgentEndpointNames.Count > 0 ? options.Value.AgentEndpointNames : ["localhost", "127.0.0.1", "::1", Dns.GetHostName()];
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (IPAddress.TryParse(name, out var ip))
                {
                    san.AddIpAddress(ip);
                }
                else
                {
                    san.AddDnsName(name);
                }
            }

            var request = new CertificateRequest(new X500DistinguishedName("CN=Kyoten controller, O=Kyoten"), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509Extension(new Oid(CaCertificateExtensionOid), Certificate.RawData, false));
            var now = time.GetUtcNow();
            using var issued = Sign(request, san, [ServerAuth], now.AddMinutes(-5), now.AddDays(365));
            // Round trip through PKCS#12 so SslStream gets a key it can use on every platform.
            using var withKey = issued.CopyWithPrivateKey(key);
            var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            return SslStreamCertificateContext.Create(leaf, [Certificate], offline: true);
        }
    }

    private X509Certificate2 Sign(CertificateRequest request, SubjectAlternativeNameBuilder san, Oid[] usages, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = _key ?? throw new InvalidOperationException("bug: CA used before InitializeAsync");
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
    }
}
