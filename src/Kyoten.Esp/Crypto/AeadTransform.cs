using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// AES-GCM (RFC 4106) and ChaCha20-Poly1305 (RFC 7634) in ESP. Nonce = 4-octet salt || 8-octet explicit IV.
/// The explicit IV is the 64-bit sequence number: RFC 4106 §3.1 allows a counter, and a sequence
/// number never repeats under one key because the SA refuses to wrap it.
/// </summary>
internal sealed class AeadTransform : EspTransform
{
    private const int TagLength = 16;
    private readonly AesGcm? _gcm;
    private readonly ChaCha20Poly1305? _chacha;
    private readonly byte[] _salt;

    public AeadTransform(AlgorithmInfo info, ReadOnlySpan<byte> keyAndSalt)
        : base(info)
    {
        ReadOnlySpan<byte> key = keyAndSalt[..info.CipherKeyLength];
        _salt = keyAndSalt.Slice(info.CipherKeyLength, info.SaltLength).ToArray();
        if (info.Kind == TransformKind.AesGcm)
        {
            _gcm = new AesGcm(key, TagLength);
        }
        else
        {
            _chacha = new ChaCha20Poly1305(key);
        }
    }

    public override void Seal(Span<byte> esp, int textLength, ulong sequence, bool esn, ReadOnlySpan<byte> forcedIv)
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

        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[4..]);
        Span<byte> aadScratch = stackalloc byte[12];
        ReadOnlySpan<byte> aad = BuildAad(esp, sequence, esn, aadScratch);
        Span<byte> text = esp.Slice(TextOffset, textLength);
        Span<byte> tag = esp.Slice(TextOffset + textLength, TagLength);
        if (_gcm is not null)
        {
            _gcm.Encrypt(nonce, text, text, tag, aad);
        }
        else
        {
            _chacha!.Encrypt(nonce, text, text, tag, aad);
        }
    }

    public override bool Open(Span<byte> esp, int textLength, ulong sequence, bool esn)
    {
        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        esp.Slice(EspPacket.HeaderLength, 8).CopyTo(nonce[4..]);
        Span<byte> aadScratch = stackalloc byte[12];
        ReadOnlySpan<byte> aad = BuildAad(esp, sequence, esn, aadScratch);
        Span<byte> text = esp.Slice(TextOffset, textLength);
        ReadOnlySpan<byte> tag = esp.Slice(TextOffset + textLength, TagLength);
        try
        {
            if (_gcm is not null)
            {
                _gcm.Decrypt(nonce, text, tag, text, aad);
            }
            else
            {
                _chacha!.Decrypt(nonce, text, tag, text, aad);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET offers no non-throwing AEAD open; a forged packet costs one exception (documented weakness).
            return false;
        }
    }

    public override void Dispose()
    {
        _gcm?.Dispose();
        _chacha?.Dispose();
    }
}
