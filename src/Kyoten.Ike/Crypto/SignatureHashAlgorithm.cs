namespace Kyoten.Ike.Crypto;

/// <summary>IANA "IKEv2 Hash Algorithms" (RFC 7427 §7), carried in the SIGNATURE_HASH_ALGORITHMS notify.</summary>
public enum SignatureHashAlgorithm : ushort
{
    Sha1 = 1,
    Sha2_256 = 2,
    Sha2_384 = 3,
    Sha2_512 = 4,
    Identity = 5,
}
