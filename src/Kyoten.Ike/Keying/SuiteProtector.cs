using Kyoten.Ike.Crypto;
using Kyoten.Ike.Messages;

namespace Kyoten.Ike.Keying;

/// <summary>One direction's SK protection: the crypto suite bound to that direction's SK_e and SK_a.</summary>
internal sealed class SuiteProtector(IkeCipherSuite suite, byte[] encryptionKey, byte[] integrityKey) : ISkProtector
{
    public int IvLength => suite.IvLength;

    public int IcvLength => suite.IcvLength;

    public int BlockSize => suite.BlockSize;

    public void Seal(Span<byte> message, int skBodyOffset, int paddedLength) =>
        suite.SealPadded(encryptionKey, integrityKey, message, skBodyOffset, paddedLength);

    public bool TryOpen(Span<byte> message, int skBodyOffset, out int plaintextLength) =>
        suite.TryOpenInPlace(encryptionKey, integrityKey, message, skBodyOffset, out plaintextLength);
}
