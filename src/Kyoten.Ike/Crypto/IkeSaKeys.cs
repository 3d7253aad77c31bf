using System.Security.Cryptography;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// The seven IKE SA keys of RFC 7296 §2.14, in prf+ order. Dispose zeroes them; ToString never
/// shows key bytes.
/// </summary>
public sealed class IkeSaKeys : IDisposable
{
    public IkeSaKeys(byte[] skD, byte[] skAi, byte[] skAr, byte[] skEi, byte[] skEr, byte[] skPi, byte[] skPr)
    {
        SkD = skD;
        SkAi = skAi;
        SkAr = skAr;
        SkEi = skEi;
        SkEr = skEr;
        SkPi = skPi;
        SkPr = skPr;
    }

    /// <summary>Key for deriving CHILD SA keys and the next IKE SA (§2.17, §2.18).</summary>
    public byte[] SkD { get; }

    /// <summary>Integrity key for messages sent by the original initiator (empty for AEAD).</summary>
    public byte[] SkAi { get; }

    /// <summary>Integrity key for messages sent by the original responder (empty for AEAD).</summary>
    public byte[] SkAr { get; }

    /// <summary>Encryption key (AEAD: key | 4-byte salt) for messages sent by the original initiator.</summary>
    public byte[] SkEi { get; }

    /// <summary>Encryption key (AEAD: key | 4-byte salt) for messages sent by the original responder.</summary>
    public byte[] SkEr { get; }

    /// <summary>Key for the initiator's AUTH payload octets (§2.15).</summary>
    public byte[] SkPi { get; }

    /// <summary>Key for the responder's AUTH payload octets (§2.15).</summary>
    public byte[] SkPr { get; }

    /// <summary>Zeroes every key.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(SkD);
        CryptographicOperations.ZeroMemory(SkAi);
        CryptographicOperations.ZeroMemory(SkAr);
        CryptographicOperations.ZeroMemory(SkEi);
        CryptographicOperations.ZeroMemory(SkEr);
        CryptographicOperations.ZeroMemory(SkPi);
        CryptographicOperations.ZeroMemory(SkPr);
    }

    public void Dispose() => Clear();

    public override string ToString() =>
        $"IkeSaKeys(SK_d {SkD.Length}, SK_a {SkAi.Length}, SK_e {SkEi.Length}, SK_p {SkPi.Length} bytes)";
}
