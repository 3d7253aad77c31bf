using System.Security.Cryptography;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// CHILD SA keying material of RFC 7296 §2.17, split per direction. "Initiator" is the initiator
/// of the exchange that created the CHILD SA (the CREATE_CHILD_SA or IKE_AUTH initiator).
/// Dispose zeroes the keys; ToString never shows key bytes.
/// </summary>
public sealed class ChildSaKeys : IDisposable
{
    public ChildSaKeys(byte[] initiatorEncryptionKey, byte[] initiatorIntegrityKey,
        byte[] responderEncryptionKey, byte[] responderIntegrityKey)
    {
        InitiatorEncryptionKey = initiatorEncryptionKey;
        InitiatorIntegrityKey = initiatorIntegrityKey;
        ResponderEncryptionKey = responderEncryptionKey;
        ResponderIntegrityKey = responderIntegrityKey;
    }

    /// <summary>Encryption key (AEAD: key | 4-byte salt, RFC 4106 §8.1 / RFC 7634 §2) for initiator → responder.</summary>
    public byte[] InitiatorEncryptionKey { get; }

    /// <summary>Integrity key for initiator → responder (empty for AEAD).</summary>
    public byte[] InitiatorIntegrityKey { get; }

    /// <summary>Encryption key for responder → initiator.</summary>
    public byte[] ResponderEncryptionKey { get; }

    /// <summary>Integrity key for responder → initiator (empty for AEAD).</summary>
    public byte[] ResponderIntegrityKey { get; }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(InitiatorEncryptionKey);
        CryptographicOperations.ZeroMemory(InitiatorIntegrityKey);
        CryptographicOperations.ZeroMemory(ResponderEncryptionKey);
        CryptographicOperations.ZeroMemory(ResponderIntegrityKey);
    }

    public void Dispose() => Clear();

    public override string ToString() =>
        $"ChildSaKeys(encryption {InitiatorEncryptionKey.Length}, integrity {InitiatorIntegrityKey.Length} bytes per direction)";
}
