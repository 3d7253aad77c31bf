using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Signature authentication of AUTH payloads: RFC 7427 Digital Signature (method 14), RFC 4754
/// ECDSA (methods 9, 10, 11) and, verify only, RFC 7296 RSA Digital Signature (method 1).
/// Signing takes the octets from <see cref="AuthOctets.Build"/>; the result is the AUTH payload's
/// Authentication Data.
/// </summary>
public static class SignatureAuthenticator
{
    /// <summary>
    /// Method 14 AUTH data: ASN.1 Length (1) | AlgorithmIdentifier | Signature (RFC 7427 §3). ECDSA
    /// signatures are the DER Ecdsa-Sig-Value there, as in X.509.
    /// </summary>
    /// <exception cref="ArgumentException">The key does not fit the scheme (our configuration bug).</exception>
    public static byte[] SignDigitalSignature(AsymmetricAlgorithm privateKey, SignatureScheme scheme, ReadOnlySpan<byte> octets)
    {
        var algorithmIdentifier = SignatureAlgorithmIdentifiers.For(scheme);
        var signature = SignRaw(privateKey, scheme, octets);
        var result = new byte[1 + algorithmIdentifier.Length + signature.Length];
        result[0] = (byte)algorithmIdentifier.Length;
        algorithmIdentifier.CopyTo(result.AsSpan(1));
        signature.CopyTo(result, 1 + algorithmIdentifier.Length);
        return result;
    }

    /// <summary>
    /// RFC 4754 AUTH data (r | s, each the curve's field size) and the auth method it goes with
    /// (9 for P-256/SHA-256, 10 for P-384/SHA-384, 11 for P-521/SHA-512).
    /// </summary>
    public static byte[] SignEcdsa(ECDsa privateKey, ReadOnlySpan<byte> octets, out byte authMethod)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        (authMethod, var hash) = privateKey.KeySize switch
        {
            256 => (AuthMethodIds.EcdsaSha256P256, HashAlgorithmName.SHA256),
            384 => (AuthMethodIds.EcdsaSha384P384, HashAlgorithmName.SHA384),
            521 => (AuthMethodIds.EcdsaSha512P521, HashAlgorithmName.SHA512),
            _ => throw new ArgumentException("bug: RFC 4754 covers P-256, P-384 and P-521 only", nameof(privateKey)),
        };
        return privateKey.SignData(octets, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// Picks the method-14 scheme for our key: the key's natural hash (P-384 → SHA-384, P-521 → SHA-512,
    /// RSA → SHA-256) if the peer announced it, else the strongest hash the peer announced; with no
    /// announcement, SHA-256 (RFC 7427 §4 makes SHA2-256 the mandatory one). RSA uses PKCS#1 v1.5
    /// unless <paramref name="preferPss"/>.
    /// </summary>
    public static SignatureScheme ChooseScheme(AsymmetricAlgorithm privateKey, IReadOnlyCollection<SignatureHashAlgorithm>? peerHashes,
        bool preferPss = false)
    {
        var natural = privateKey switch
        {
            ECDsa { KeySize: 384 } => SignatureHashAlgorithm.Sha2_384,
            ECDsa { KeySize: 521 } => SignatureHashAlgorithm.Sha2_512,
            ECDsa or RSA => SignatureHashAlgorithm.Sha2_256,
            _ => throw new ArgumentException("bug: only ECDSA and RSA keys sign AUTH payloads", nameof(privateKey)),
        };
        var hash = natural;
        if (peerHashes is { Count: > 0 } && !peerHashes.Contains(natural))
        {
            hash = peerHashes.Contains(SignatureHashAlgorithm.Sha2_512) ? SignatureHashAlgorithm.Sha2_512
                : peerHashes.Contains(SignatureHashAlgorithm.Sha2_384) ? SignatureHashAlgorithm.Sha2_384
                : SignatureHashAlgorithm.Sha2_256;
        }

        return (privateKey, hash, preferPss) switch
        {
            (ECDsa, SignatureHashAlgorithm.Sha2_384, _) => SignatureScheme.EcdsaSha384,
            (ECDsa, SignatureHashAlgorithm.Sha2_512, _) => SignatureScheme.EcdsaSha512,
            (ECDsa, _, _) => SignatureScheme.EcdsaSha256,
            (_, SignatureHashAlgorithm.Sha2_384, true) => SignatureScheme.RsaPssSha384,
            (_, SignatureHashAlgorithm.Sha2_512, true) => SignatureScheme.RsaPssSha512,
            (_, _, true) => SignatureScheme.RsaPssSha256,
            (_, SignatureHashAlgorithm.Sha2_384, false) => SignatureScheme.RsaPkcs1Sha384,
            (_, SignatureHashAlgorithm.Sha2_512, false) => SignatureScheme.RsaPkcs1Sha512,
            _ => SignatureScheme.RsaPkcs1Sha256,
        };
    }

    /// <summary>Verifies with the public key of the peer's end-entity certificate.</summary>
    public static bool Verify(byte authMethod, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> octets, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return Verify(authMethod, authData, octets, ecdsa);
        }

        using var rsa = certificate.GetRSAPublicKey();
        return rsa is not null && Verify(authMethod, authData, octets, rsa);
    }

    /// <summary>
    /// Verifies the peer's Authentication Data. False, never an exception, for a wrong signature, an
    /// unknown or mismatched algorithm, a key of the wrong type or curve, or malformed data.
    /// </summary>
    public static bool Verify(byte authMethod, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> octets, AsymmetricAlgorithm publicKey)
    {
        try
        {
            return authMethod switch
            {
                AuthMethodIds.DigitalSignature => VerifyDigitalSignature(authData, octets, publicKey),
                AuthMethodIds.EcdsaSha256P256 => VerifyEcdsaP1363(publicKey, 256, HashAlgorithmName.SHA256, authData, octets),
                AuthMethodIds.EcdsaSha384P384 => VerifyEcdsaP1363(publicKey, 384, HashAlgorithmName.SHA384, authData, octets),
                AuthMethodIds.EcdsaSha512P521 => VerifyEcdsaP1363(publicKey, 521, HashAlgorithmName.SHA512, authData, octets),
                // RFC 7296 §3.8: method 1 is RSASSA-PKCS1-v1_5 with SHA-1; accepted from legacy peers only.
                AuthMethodIds.RsaDigitalSignature => publicKey is RSA rsa
                    && rsa.VerifyData(octets, authData, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Reads the scheme a method-14 AUTH payload claims, e.g. for logs; false if unknown or malformed.</summary>
    public static bool TryGetScheme(ReadOnlySpan<byte> authData, out SignatureScheme scheme)
    {
        scheme = default;
        return authData.Length >= 1 && authData.Length > 1 + authData[0]
            && SignatureAlgorithmIdentifiers.TryMatch(authData.Slice(1, authData[0]), out scheme);
    }

    private static bool VerifyDigitalSignature(ReadOnlySpan<byte> authData, ReadOnlySpan<byte> octets, AsymmetricAlgorithm publicKey)
    {
        if (!TryGetScheme(authData, out var scheme))
        {
            return false;
        }

        var signature = authData[(1 + authData[0])..];
        var (hash, padding) = HashAndPadding(scheme);
        return scheme switch
        {
            SignatureScheme.EcdsaSha256 or SignatureScheme.EcdsaSha384 or SignatureScheme.EcdsaSha512 =>
                publicKey is ECDsa ecdsa && ecdsa.VerifyData(octets, signature, hash, DSASignatureFormat.Rfc3279DerSequence),
            _ => publicKey is RSA rsa && rsa.VerifyData(octets, signature, hash, padding!),
        };
    }

    private static bool VerifyEcdsaP1363(AsymmetricAlgorithm publicKey, int keySize, HashAlgorithmName hash,
        ReadOnlySpan<byte> signature, ReadOnlySpan<byte> octets) =>
        publicKey is ECDsa { KeySize: var size } ecdsa && size == keySize
        && signature.Length == 2 * ((keySize + 7) / 8)
        && ecdsa.VerifyData(octets, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static byte[] SignRaw(AsymmetricAlgorithm privateKey, SignatureScheme scheme, ReadOnlySpan<byte> octets)
    {
        var (hash, padding) = HashAndPadding(scheme);
        return (privateKey, padding) switch
        {
            (ECDsa ecdsa, null) => ecdsa.SignData(octets, hash, DSASignatureFormat.Rfc3279DerSequence),
            (RSA rsa, not null) => rsa.SignData(octets, hash, padding),
            _ => throw new ArgumentException($"bug: {scheme} does not fit a {privateKey.GetType().Name} key", nameof(privateKey)),
        };
    }

    private static (HashAlgorithmName Hash, RSASignaturePadding? Padding) HashAndPadding(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.EcdsaSha256 => (HashAlgorithmName.SHA256, null),
        SignatureScheme.EcdsaSha384 => (HashAlgorithmName.SHA384, null),
        SignatureScheme.EcdsaSha512 => (HashAlgorithmName.SHA512, null),
        SignatureScheme.RsaPkcs1Sha256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPkcs1Sha384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPkcs1Sha512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPssSha256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        SignatureScheme.RsaPssSha384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        SignatureScheme.RsaPssSha512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };
}
