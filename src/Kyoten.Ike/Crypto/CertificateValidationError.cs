namespace Kyoten.Ike.Crypto;

/// <summary>Why a peer certificate was refused.</summary>
public enum CertificateValidationError
{
    None,
    /// <summary>The chain does not lead to one of our trust anchors.</summary>
    UntrustedChain,
    /// <summary>A certificate of the chain is past its notAfter.</summary>
    Expired,
    /// <summary>A certificate of the chain is before its notBefore.</summary>
    NotYetValid,
    /// <summary>A certificate of the chain has a serial number on the caller's revocation list.</summary>
    Revoked,
    /// <summary>Signature, basic constraints, key usage or another X.509 check failed.</summary>
    InvalidChain,
    /// <summary>The IKE identity is not in the certificate.</summary>
    IdentityMismatch,
    /// <summary>The ID type cannot be matched against a certificate (e.g. ID_KEY_ID).</summary>
    UnsupportedIdType,
}
