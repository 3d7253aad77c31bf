using System.Security.Cryptography;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

// AES-GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634) for the SK payload.
public sealed partial class IkeCipherSuite
{
    private void SealAead(ReadOnlySpan<byte> encKey, Span<byte> message, int skBodyOffset)
    {
        Span<byte> nonce = stackalloc byte[AeadSaltLength + AeadIvLength];
        BuildNonce(encKey, message.Slice(skBodyOffset, AeadIvLength), nonce);
        var aad = message[..skBodyOffset];
        var encryptedStart = skBodyOffset + AeadIvLength;
        var encrypted = message[encryptedStart..^AeadTagLength];
        var tag = message[^AeadTagLength..];
        var plaintext = encrypted.ToArray();
        try
        {
            if (EncryptionAlgorithm == EncryptionAlgorithm.AesGcm16)
            {
                using var gcm = new AesGcm(encKey[.._cipherKeyLength], AeadTagLength);
                gcm.Encrypt(nonce, plaintext, encrypted, tag, aad);
            }
            else
            {
                using var chacha = new ChaCha20Poly1305(encKey[.._cipherKeyLength]);
                chacha.Encrypt(nonce, plaintext, encrypted, tag, aad);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private bool TryOpenAead(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> message, int skBodyOffset, Span<byte> decrypted)
    {
        Span<byte> nonce = stackalloc byte[AeadSaltLength + AeadIvLength];
        BuildNonce(encKey, message.Slice(skBodyOffset, AeadIvLength), nonce);
        var aad = message[..skBodyOffset];
        var encrypted = message[(skBodyOffset + AeadIvLength)..^AeadTagLength];
        var tag = message[^AeadTagLength..];
        try
        {
            // The AEAD classes compare the tag in constant time and throw on mismatch.
            if (EncryptionAlgorithm == EncryptionAlgorithm.AesGcm16)
            {
                using var gcm = new AesGcm(encKey[.._cipherKeyLength], AeadTagLength);
                gcm.Decrypt(nonce, encrypted, tag, decrypted, aad);
            }
            else
            {
                using var chacha = new ChaCha20Poly1305(encKey[.._cipherKeyLength]);
                chacha.Decrypt(nonce, encrypted, tag, decrypted, aad);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>RFC 5282 §4 / RFC 7634 §2: nonce = salt (last 4 bytes of SK_e) | IV (8 bytes).</summary>
    private void BuildNonce(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> iv, Span<byte> nonce)
    {
        encKey.Slice(_cipherKeyLength, AeadSaltLength).CopyTo(nonce);
        iv.CopyTo(nonce[AeadSaltLength..]);
    }
}
