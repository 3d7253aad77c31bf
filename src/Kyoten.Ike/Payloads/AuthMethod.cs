namespace Kyoten.Ike.Payloads;

/// <summary>Authentication methods (RFC 7296 §3.8, RFC 7427 §3).</summary>
public enum AuthMethod : byte
{
    RsaDigitalSignature = 1,
    SharedKeyMessageIntegrityCode = 2,
    DssDigitalSignature = 3,
    DigitalSignature = 14,
}
