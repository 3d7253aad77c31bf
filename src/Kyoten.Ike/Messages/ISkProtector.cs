namespace Kyoten.Ike.Messages;

/// <summary>
/// Protects the SK payload of one direction of an IKE SA (RFC 7296 §3.14, RFC 5282 for AEAD).
/// The integrity check covers the whole message from the IKE header to the end of the ciphertext.
/// </summary>
internal interface ISkProtector
{
    int IvLength { get; }

    int IcvLength { get; }

    /// <summary>Block size the plaintext plus Pad Length octet must fill (1 for AEAD/stream).</summary>
    int BlockSize { get; }

    /// <summary>
    /// Encrypts in place. <paramref name="message"/> is the whole message; the SK body starts at
    /// <paramref name="skBodyOffset"/> with room for the IV, then the padded plaintext of
    /// <paramref name="paddedLength"/> octets, then room for the ICV. AEAD AAD is the message up to the IV.
    /// </summary>
    void Seal(Span<byte> message, int skBodyOffset, int paddedLength);

    /// <summary>
    /// Verifies and decrypts in place; false on any integrity failure or impossible padding. The
    /// plaintext (padding and Pad Length removed) is <paramref name="plaintextLength"/> octets after the IV.
    /// </summary>
    bool TryOpen(Span<byte> message, int skBodyOffset, out int plaintextLength);
}
