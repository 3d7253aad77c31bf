namespace Kyoten.Ike.Crypto;

/// <summary>Signature algorithms for RFC 7427 Digital Signature authentication (auth method 14).</summary>
public enum SignatureScheme
{
    EcdsaSha256,
    EcdsaSha384,
    EcdsaSha512,
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
    /// <summary>RSASSA-PSS, MGF1 with the same hash, salt length = hash length.</summary>
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
}
