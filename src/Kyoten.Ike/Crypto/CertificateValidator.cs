using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Validates a peer's certificate chain against our own trust anchors (the controller's CA), offline:
/// no revocation fetching and no AIA downloads. Revocation comes from a caller-supplied set of serial
/// numbers; time from the <see cref="TimeProvider"/>.
/// </summary>
public sealed class CertificateValidator
{
    private readonly X509Certificate2Collection _trustAnchors;
    private readonly TimeProvider _timeProvider;
    private readonly HashSet<string> _revokedSerials;

    /// <param name="revokedSerialNumbers">
    /// Serial numbers (hex, as <see cref="X509Certificate.SerialNumber"/>; case and leading zeros
    /// ignored) of revoked certificates. Serials are unique per issuer; Kyoten has one issuing CA.
    /// </param>
    public CertificateValidator(X509Certificate2Collection trustAnchors, TimeProvider timeProvider,
        IEnumerable<string>? revokedSerialNumbers = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _trustAnchors = trustAnchors;
        _timeProvider = timeProvider;
        _revokedSerials = new HashSet<string>((revokedSerialNumbers ?? []).Select(NormalizeSerial), StringComparer.Ordinal);
    }

    /// <summary>
    /// SHA-1 of the CA's SubjectPublicKeyInfo, the Certification Authority value of CERTREQ
    /// (RFC 7296 §3.7) and the hash of "Hash and URL" encodings.
    /// </summary>
    public static byte[] CertReqAuthorityHash(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        return SHA1.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Validates the chain and then the peer's IKE identity (ID type byte of RFC 7296 §3.5 and Identification Data).</summary>
    public CertificateValidationResult Validate(X509Certificate2 endEntity, X509Certificate2Collection? intermediates,
        byte idType, ReadOnlySpan<byte> idData)
    {
        var chain = ValidateChain(endEntity, intermediates);
        if (!chain.IsValid)
        {
            return chain;
        }

        return CertificateIdentity.Matches(endEntity, idType, idData, out var error)
            ? CertificateValidationResult.Valid
            : new CertificateValidationResult(error, error == CertificateValidationError.UnsupportedIdType
                ? $"ID type {idType} cannot be matched against a certificate"
                : $"ID type {idType} identity is not in certificate {endEntity.Subject}");
    }

    /// <summary>Validates the chain only: trust anchor, validity period, revocation list, X.509 rules.</summary>
    public CertificateValidationResult ValidateChain(X509Certificate2 endEntity, X509Certificate2Collection? intermediates)
    {
        ArgumentNullException.ThrowIfNull(endEntity);
        var now = _timeProvider.GetUtcNow();
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_trustAnchors);
        if (intermediates is not null)
        {
            policy.ExtraStore.AddRange(intermediates);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTimeIgnored = false;
        policy.VerificationTime = now.UtcDateTime;

        var built = chain.Build(endEntity);
        // Name time and revocation problems first: they are what an operator can act on.
        foreach (var element in chain.ChainElements)
        {
            var certificate = element.Certificate;
            if (now < certificate.NotBefore.ToUniversalTime())
            {
                return new(CertificateValidationError.NotYetValid, $"certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():O}");
            }

            if (now > certificate.NotAfter.ToUniversalTime())
            {
                return new(CertificateValidationError.Expired, $"certificate {certificate.Subject} expired at {certificate.NotAfter.ToUniversalTime():O}");
            }

            if (_revokedSerials.Contains(NormalizeSerial(certificate.SerialNumber)))
            {
                return new(CertificateValidationError.Revoked, $"certificate {certificate.Subject} serial {certificate.SerialNumber} is revoked");
            }
        }

        if (built)
        {
            return CertificateValidationResult.Valid;
        }

        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            return new(CertificateValidationError.UntrustedChain, $"certificate {endEntity.Subject} does not chain to a trusted CA ({flags})");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return new(CertificateValidationError.Expired, $"certificate chain of {endEntity.Subject} is outside its validity period");
        }

        return new(CertificateValidationError.InvalidChain, $"certificate chain of {endEntity.Subject} is invalid ({flags})");
    }

    private static string NormalizeSerial(string serial)
    {
        var trimmed = serial.Replace(":", "", StringComparison.Ordinal).Trim().TrimStart('0').ToUpperInvariant();
        return trimmed.Length == 0 ? "0" : trimmed;
    }
}
