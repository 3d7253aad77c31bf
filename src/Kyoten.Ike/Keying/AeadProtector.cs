using System.Security.Cryptography;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Keying;

/// <summary>
/// SK payload with AES-GCM-16 (RFC 5282 §3-§5) or ChaCha20-Poly1305 (RFC 7634 §3): 8-octet
/// explicit IV, nonce = 4-octet salt | IV, AAD = IKE header through the SK header (and SKF fields).
/// </summary>
internal sealed class AeadProtector : ISkProtector, IDisposable
{
    private readonly AesGcm? _gcm;
    private readonly ChaCha20Poly1305? _chacha;
    private readonly byte[] _salt;
    private ulong _counter;

    public AeadProtector(EncryptionAlgorithm algorithm, byte[] keyWithSalt)
    {
        var key = keyWithSalt.AsSpan(0, keyWithSalt.Length - 4);
        _salt = keyWithSalt[^4..];
        if (algorithm == EncryptionAlgorithm.AesGcm16)
        {
            _gcm = new AesGcm(key, 16);
        }
        else
        {
            _chacha = new ChaCha20Poly1305(key);
        }
    }

    public int IvLength => 8;

    public int IcvLength => 16;

    public int BlockSize => 1;

    public void Seal(Span<byte> message, int skBodyOffset, int paddedLength)
    {
        // RFC 5282 §3.1: the IV MUST NOT repeat for a key; a counter guarantees that.
        var iv = message.Slice(skBodyOffset, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(iv, ++_counter);
        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        iv.CopyTo(nonce[4..]);
        var aad = message[..skBodyOffset];
        var plain = message.Slice(skBodyOffset + 8, paddedLength);
        var tag = message.Slice(skBodyOffset + 8 + paddedLength, 16);
        if (_gcm is not null)
        {
            _gcm.Encrypt(nonce, plain, plain, tag, aad);
        }
        else
        {
            _chacha!.Encrypt(nonce, plain, plain, tag, aad);
        }
    }

    public bool TryOpen(Span<byte> message, int skBodyOffset, out int paddedLength)
    {
        paddedLength = message.Length - skBodyOffset - 8 - 16;
        if (paddedLength < 1)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        _salt.CopyTo(nonce);
        message.Slice(skBodyOffset, 8).CopyTo(nonce[4..]);
        var aad = message[..skBodyOffset];
        var cipher = message.Slice(skBodyOffset + 8, paddedLength);
        var tag = message.Slice(skBodyOffset + 8 + paddedLength, 16);
        try
        {
            if (_gcm is not null)
            {
                _gcm.Decrypt(nonce, cipher, tag, cipher, aad);
            }
            else
            {
                _chacha!.Decrypt(nonce, cipher, tag, cipher, aad);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _gcm?.Dispose();
        _chacha?.Dispose();
    }
}
