using Kyoten.Ike.Crypto;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Keying;

/// <summary>
/// The engine's narrow view of Kyoten.Ike.Crypto: which transforms are usable, key lengths,
/// key exchanges and SK protection, in one place.
/// </summary>
internal static class IkeCrypto
{
    public static bool IsSupported(PrfAlgorithm prf) => Crypto.Prf.IsSupported(prf);

    public static bool IsSupported(KeyExchangeMethod method) => KeyExchangeFactory.IsSupported(method);

    /// <summary>IKE needs a suite that can protect SK; CHILD SAs only need known key lengths (the data path does the rest).</summary>
    public static bool IsSupported(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, bool forIke)
    {
        if (forIke)
        {
            return IkeCipherSuite.TryCreate(encryption, keyBits, integrity, out _);
        }

        bool aead = encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;
        if (aead != (integrity == IntegrityAlgorithm.None))
        {
            return false;
        }

        return TransformKeyLengths.TryGetEncryptionKeyLength(encryption, keyBits, out _)
            && (integrity == IntegrityAlgorithm.None || TransformKeyLengths.TryGetIntegrityKeyLength(integrity, out _));
    }

    public static Crypto.Prf Prf(PrfAlgorithm prf) => Crypto.Prf.Create(prf);

    /// <summary>Key material octets for the encryption transform; AEAD keys include the 4-octet salt (RFC 5282 §7.1, RFC 7634 §2).</summary>
    public static int EncryptionKeyLength(EncryptionAlgorithm encryption, int keyBits) =>
        encryption == EncryptionAlgorithm.None ? 0
        : TransformKeyLengths.TryGetEncryptionKeyLength(encryption, keyBits, out int length) ? length
        : throw new InvalidOperationException("bug: negotiated an unsupported encryption " + encryption);

    public static int IntegrityKeyLength(IntegrityAlgorithm integrity) =>
        integrity == IntegrityAlgorithm.None ? 0
        : TransformKeyLengths.TryGetIntegrityKeyLength(integrity, out int length) ? length
        : throw new InvalidOperationException("bug: negotiated an unsupported integrity " + integrity);

    public static IKeyExchange CreateKeyExchange(KeyExchangeMethod method) => KeyExchangeFactory.Create(method);

    public static IkeCipherSuite Suite(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity) =>
        IkeCipherSuite.TryCreate(encryption, keyBits, integrity, out var suite)
            ? suite!
            : throw new InvalidOperationException("bug: negotiated an unsupported IKE suite");

    public static ISkProtector CreateProtector(IkeCipherSuite suite, byte[] encryptionKey, byte[] integrityKey) =>
        new SuiteProtector(suite, encryptionKey, integrityKey);
}
