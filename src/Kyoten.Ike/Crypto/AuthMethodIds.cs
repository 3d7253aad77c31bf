namespace Kyoten.Ike.Crypto;

/// <summary>
/// AUTH payload Auth Method values (IANA "IKEv2 Authentication Method") this library signs or
/// verifies. Plain bytes so the payload codec's own enum converts with a cast.
/// </summary>
public static class AuthMethodIds
{
    /// <summary>RSA Digital Signature, RFC 7296 §3.8: RSASSA-PKCS1-v1_5 over SHA-1. Verify only.</summary>
    public const byte RsaDigitalSignature = 1;

    /// <summary>Shared Key Message Integrity Code, RFC 7296 §2.15.</summary>
    public const byte SharedKeyMessageIntegrityCode = 2;

    /// <summary>ECDSA with SHA-256 on the P-256 curve, RFC 4754 (r | s, fixed size).</summary>
    public const byte EcdsaSha256P256 = 9;

    /// <summary>ECDSA with SHA-384 on the P-384 curve, RFC 4754.</summary>
    public const byte EcdsaSha384P384 = 10;

    /// <summary>ECDSA with SHA-512 on the P-521 curve, RFC 4754.</summary>
    public const byte EcdsaSha512P521 = 11;

    /// <summary>Digital Signature, RFC 7427: AlgorithmIdentifier length | AlgorithmIdentifier | signature.</summary>
    public const byte DigitalSignature = 14;
}
