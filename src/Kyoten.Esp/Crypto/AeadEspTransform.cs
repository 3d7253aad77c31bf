using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// What every AEAD in ESP shares, whichever library computes it: RFC 4106 §4 / RFC 7634 §2 nonce =
/// 4-octet salt (the last octets of the KEYMAT) || 8-octet explicit IV, the AAD of RFC 4303 §2.2.1,
/// and the ICV right after the text. The explicit IV is the 64-bit sequence number: RFC 4106 §3.1
/// allows a counter, and a sequence number never repeats under one key because the SA refuses to
/// wrap it. Subclasses only encrypt or decrypt <c>text || tag</c> in place.
/// </summary>
internal abstract class AeadEspTransform : EspTransform
{
    protected const int TagLength = 16;
    private const int NonceLength = 12;
    private readonly byte[] _salt;

    protected AeadEspTransform(AlgorithmInfo info, ReadOnlySpan<byte> keyAndSalt)
        : base(info) => _salt = keyAndSalt.Slice(info.CipherKeyLength, info.SaltLength).ToArray();

    public sealed override void Seal(Span<byte> esp, int textLength, ulong sequence, bool esn, ReadOnlySpan<byte> forcedIv)
    {
        Span<byte> iv = esp.Slice(EspPacket.HeaderLength, 8);
        if (forcedIv.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(iv, sequence);
        }
        else
        {
            forcedIv.CopyTo(iv);
        }

        Span<byte> nonce = stackalloc byte[NonceLength];
        Span<byte> aadScratch = stackalloc byte[12];
        Encrypt(Nonce(esp, nonce), BuildAad(esp, sequence, esn, aadScratch), esp.Slice(TextOffset, textLength + TagLength));
    }

    public sealed override bool Open(Span<byte> esp, int textLength, ulong sequence, bool esn)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        Span<byte> aadScratch = stackalloc byte[12];
        Span<byte> sealedText = esp.Slice(TextOffset, textLength + TagLength);
        if (Decrypt(Nonce(esp, nonce), BuildAad(esp, sequence, esn, aadScratch), sealedText))
        {
            return true;
        }

        // Some libraries decrypt in place before the tag is checked: leave nothing of a forgery behind.
        CryptographicOperations.ZeroMemory(sealedText[..textLength]);
        return false;
    }

    /// <summary>Encrypts the text in place and writes the tag after it (<paramref name="sealedText"/> = text || tag).</summary>
    protected abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText);

    /// <summary>Verifies the tag and decrypts the text in place; false when the tag does not verify.</summary>
    protected abstract bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText);

    private ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> esp, Span<byte> nonce)
    {
        _salt.CopyTo(nonce);
        esp.Slice(EspPacket.HeaderLength, 8).CopyTo(nonce[4..]);
        return nonce;
    }
}
