using System.Security.Cryptography;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Keying;

/// <summary>
/// SK payload with AES-CBC (RFC 3602) and truncated HMAC-SHA2 (RFC 4868 §2.7): random 16-octet IV,
/// ICV over the whole message from the IKE header to the end of the ciphertext (RFC 7296 §3.14).
/// </summary>
internal sealed class CbcHmacProtector(byte[] encryptionKey, IntegrityAlgorithm integrity, byte[] integrityKey) : ISkProtector, IDisposable
{
    private readonly Aes _aes = CreateAes(encryptionKey);

    public int IvLength => 16;

    public int IcvLength => integrity switch
    {
        IntegrityAlgorithm.HmacSha2_256_128 => 16,
        IntegrityAlgorithm.HmacSha2_384_192 => 24,
        _ => 32,
    };

    public int BlockSize => 16;

    public void Seal(Span<byte> message, int skBodyOffset, int paddedLength)
    {
        var iv = message.Slice(skBodyOffset, 16);
        RandomNumberGenerator.Fill(iv);
        var plain = message.Slice(skBodyOffset + 16, paddedLength);
        _aes.EncryptCbc(plain, iv, plain, PaddingMode.None);
        int covered = skBodyOffset + 16 + paddedLength;
        Mac(message[..covered]).AsSpan(0, IcvLength).CopyTo(message[covered..]);
    }

    public bool TryOpen(Span<byte> message, int skBodyOffset, out int paddedLength)
    {
        paddedLength = message.Length - skBodyOffset - 16 - IcvLength;
        if (paddedLength < 16 || paddedLength % 16 != 0)
        {
            return false;
        }

        int covered = skBodyOffset + 16 + paddedLength;
        if (!CryptographicOperations.FixedTimeEquals(Mac(message[..covered]).AsSpan(0, IcvLength), message.Slice(covered, IcvLength)))
        {
            return false;
        }

        var cipher = message.Slice(skBodyOffset + 16, paddedLength);
        _aes.DecryptCbc(cipher, message.Slice(skBodyOffset, 16), cipher, PaddingMode.None);
        return true;
    }

    private byte[] Mac(ReadOnlySpan<byte> data) => integrity switch
    {
        IntegrityAlgorithm.HmacSha2_256_128 => HMACSHA256.HashData(integrityKey, data),
        IntegrityAlgorithm.HmacSha2_384_192 => HMACSHA384.HashData(integrityKey, data),
        _ => HMACSHA512.HashData(integrityKey, data),
    };

    private static Aes CreateAes(byte[] key)
    {
        var aes = Aes.Create();
        aes.Key = key;
        return aes;
    }

    public void Dispose() => _aes.Dispose();
}
