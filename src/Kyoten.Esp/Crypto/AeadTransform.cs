using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// AES-GCM (RFC 4106) and ChaCha20-Poly1305 (RFC 7634) through .NET's classes: the fallback when
/// neither libsodium nor a direct libcrypto is usable (see TransformFactory), and the reference the
/// faster transforms are tested against. .NET offers no non-throwing AEAD open, so a forged packet
/// costs one exception here.
/// </summary>
internal sealed class AeadTransform : AeadEspTransform
{
    private readonly AesGcm? _gcm;
    private readonly ChaCha20Poly1305? _chacha;

    public AeadTransform(AlgorithmInfo info, ReadOnlySpan<byte> keyAndSalt)
        : base(info, keyAndSalt)
    {
        ReadOnlySpan<byte> key = keyAndSalt[..info.CipherKeyLength];
        if (info.Kind == TransformKind.AesGcm)
        {
            _gcm = new AesGcm(key, TagLength);
        }
        else
        {
            _chacha = new ChaCha20Poly1305(key);
        }
    }

    public override void Dispose()
    {
        _gcm?.Dispose();
        _chacha?.Dispose();
    }

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText)
    {
        Span<byte> text = sealedText[..^TagLength];
        Span<byte> tag = sealedText[^TagLength..];
        if (_gcm is not null)
        {
            _gcm.Encrypt(nonce, text, text, tag, aad);
        }
        else
        {
            _chacha!.Encrypt(nonce, text, text, tag, aad);
        }
    }

    protected override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText)
    {
        Span<byte> text = sealedText[..^TagLength];
        ReadOnlySpan<byte> tag = sealedText[^TagLength..];
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
            return false;
        }
    }
}
