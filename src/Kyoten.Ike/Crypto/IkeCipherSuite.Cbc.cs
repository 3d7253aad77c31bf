using System.Security.Cryptography;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

// AES-CBC (RFC 3602) with HMAC-SHA2 truncated ICV (RFC 4868) for the SK payload: encrypt-then-MAC.
public sealed partial class IkeCipherSuite
{
    private void SealCbc(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message, int skBodyOffset)
    {
        var iv = message.Slice(skBodyOffset, AesBlock);
        var encrypted = message[(skBodyOffset + AesBlock)..^IcvLength];
        var plaintext = encrypted.ToArray();
        try
        {
            using var aes = Aes.Create();
            aes.SetKey(encKey);
            aes.EncryptCbc(plaintext, iv, encrypted, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        Span<byte> mac = stackalloc byte[64];
        var macLength = ComputeHmac(integKey, message[..^IcvLength], mac);
        mac[..IcvLength].CopyTo(message[^IcvLength..]);
        mac[..macLength].Clear();
    }

    private bool TryOpenCbc(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, ReadOnlySpan<byte> message,
        int skBodyOffset, Span<byte> decrypted)
    {
        // Verify before decrypting: nothing from an unauthenticated ciphertext is interpreted.
        Span<byte> mac = stackalloc byte[64];
        ComputeHmac(integKey, message[..^IcvLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..IcvLength], message[^IcvLength..]))
        {
            return false;
        }

        using var aes = Aes.Create();
        aes.SetKey(encKey);
        aes.DecryptCbc(message[(skBodyOffset + AesBlock)..^IcvLength], message.Slice(skBodyOffset, AesBlock),
            decrypted, PaddingMode.None);
        return true;
    }

    private int ComputeHmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => IntegrityAlgorithm switch
    {
        IntegrityAlgorithm.HmacSha2_256_128 => HMACSHA256.HashData(key, data, destination),
        IntegrityAlgorithm.HmacSha2_384_192 => HMACSHA384.HashData(key, data, destination),
        _ => HMACSHA512.HashData(key, data, destination),
    };
}
