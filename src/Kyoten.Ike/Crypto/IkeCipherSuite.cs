using System.Security.Cryptography;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Protection of the Encrypted (SK) payload, RFC 7296 §3.14, for AES-CBC + HMAC-SHA2 (RFC 3602,
/// RFC 4868), AES-GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634).
/// </summary>
/// <remarks>
/// <para>The caller hands over the whole IKE message (or IKE fragment, RFC 7383) and the offset of the
/// SK payload body, i.e. the first byte after the SK generic payload header (for SKF: after the
/// Fragment Number / Total Fragments fields). From that offset to the end of the message the layout is</para>
/// <code>
///  skBodyOffset
///  |  IV (IvLength) | Encrypted: plaintext | padding | Pad Length (1) | ICV (IcvLength) |
/// </code>
/// <para>Bytes covered:</para>
/// <list type="bullet">
/// <item>CBC + HMAC: the ICV is HMAC over message[0 .. end of the encrypted bytes], i.e. IKE header,
/// any payloads before SK, the SK header, the IV and the ciphertext (§3.14: the checksum covers "the
/// entire message starting with the Fixed IKE header through the Pad Length" and "MUST be computed
/// over the encrypted message").</item>
/// <item>AEAD: the associated data is message[0 .. skBodyOffset) — IKE header through the SK header,
/// IV excluded (RFC 5282 §5.1, RFC 7634 §4); the nonce is salt (last 4 bytes of SK_e) | IV (8 bytes).</item>
/// </list>
/// <para>Header length fields must be final before sealing because they are authenticated.</para>
/// </remarks>
public sealed partial class IkeCipherSuite
{
    private const int AeadIvLength = 8;
    private const int AeadSaltLength = 4;
    private const int AeadTagLength = 16;
    private const int AesBlock = 16;

    private readonly int _cipherKeyLength;

    private IkeCipherSuite(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity)
    {
        EncryptionAlgorithm = encryption;
        KeyBits = keyBits;
        IntegrityAlgorithm = integrity;
        _cipherKeyLength = keyBits / 8;
        switch (encryption)
        {
            case EncryptionAlgorithm.AesCbc:
                IsAead = false;
                EncryptionKeyLength = _cipherKeyLength;
                IvLength = AesBlock;
                BlockSize = AesBlock;
                (IntegrityKeyLength, IcvLength, var sha) = integrity switch
                {
                    IntegrityAlgorithm.HmacSha2_256_128 => (32, 16, 256),
                    IntegrityAlgorithm.HmacSha2_384_192 => (48, 24, 384),
                    _ => (64, 32, 512),
                };
                Name = $"aes{keyBits}-sha{sha}";
                break;
            case EncryptionAlgorithm.AesGcm16:
                IsAead = true;
                EncryptionKeyLength = _cipherKeyLength + AeadSaltLength;
                IvLength = AeadIvLength;
                IcvLength = AeadTagLength;
                BlockSize = 1;
                Name = $"aes{keyBits}gcm16";
                break;
            default:
                IsAead = true;
                EncryptionKeyLength = _cipherKeyLength + AeadSaltLength;
                IvLength = AeadIvLength;
                IcvLength = AeadTagLength;
                BlockSize = 1;
                Name = "chacha20poly1305";
                break;
        }
    }

    public EncryptionAlgorithm EncryptionAlgorithm { get; }

    /// <summary>Cipher key size in bits (the Key Length attribute; 256 for ChaCha20-Poly1305).</summary>
    public int KeyBits { get; }

    public IntegrityAlgorithm IntegrityAlgorithm { get; }

    /// <summary>SK_e length in bytes; for AEAD the cipher key plus the 4-byte salt (RFC 5282 §7.1, RFC 7634 §2).</summary>
    public int EncryptionKeyLength { get; }

    /// <summary>SK_a length in bytes (RFC 4868 §2.1.1: the HMAC output size); 0 for AEAD.</summary>
    public int IntegrityKeyLength { get; }

    public int IvLength { get; }

    public int IcvLength { get; }

    public bool IsAead { get; }

    /// <summary>Alignment of plaintext | padding | pad length: 16 for CBC, 1 for AEAD (no padding needed, the Pad Length octet stays).</summary>
    public int BlockSize { get; }

    /// <summary>strongSwan proposal notation, for telemetry: "aes256gcm16", "aes256-sha256", "chacha20poly1305".</summary>
    public string Name { get; }

    /// <summary>
    /// Builds the suite for a negotiated transform set. Returns false for anything we do not
    /// implement, for AEAD combined with an integrity transform (RFC 5282 §8), and for a
    /// non-AEAD cipher without one.
    /// </summary>
    public static bool TryCreate(EncryptionAlgorithm enc, int keyBits, IntegrityAlgorithm integ, out IkeCipherSuite? suite)
    {
        suite = null;
        var ok = enc switch
        {
            EncryptionAlgorithm.AesCbc => keyBits is 128 or 192 or 256
                && integ is IntegrityAlgorithm.HmacSha2_256_128 or IntegrityAlgorithm.HmacSha2_384_192 or IntegrityAlgorithm.HmacSha2_512_256,
            EncryptionAlgorithm.AesGcm16 => keyBits is 128 or 192 or 256 && integ == IntegrityAlgorithm.None && AesGcm.IsSupported,
            // RFC 7634 §2: no Key Length attribute (0 here); 256 is accepted as its explicit value.
            EncryptionAlgorithm.ChaCha20Poly1305 => keyBits is 0 or 256 && integ == IntegrityAlgorithm.None && ChaCha20Poly1305.IsSupported,
            _ => false,
        };
        if (ok)
        {
            suite = new IkeCipherSuite(enc, enc == EncryptionAlgorithm.ChaCha20Poly1305 ? 256 : keyBits, integ);
        }

        return ok;
    }

    /// <summary>Offset in the message where the caller writes the plaintext before <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, int)"/>.</summary>
    public int GetPlaintextOffset(int skBodyOffset) => skBodyOffset + IvLength;

    /// <summary>Length of the SK payload body for a plaintext: IV + (plaintext + padding + pad length) + ICV.</summary>
    public int GetEncryptedLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var padded = (plaintextLength + 1 + BlockSize - 1) / BlockSize * BlockSize;
        return IvLength + padded + IcvLength;
    }

    /// <summary>
    /// Encrypts and authenticates in place with a fresh random IV. <paramref name="message"/> is the
    /// whole datagram, exactly skBodyOffset + GetEncryptedLength(plaintextLength) long, all header
    /// length fields final, the plaintext at <see cref="GetPlaintextOffset"/>.
    /// </summary>
    /// <remarks>Random 8-byte AEAD IVs: an IKE SA carries far fewer than 2^32 messages per key, so a repeat is negligible.</remarks>
    public void Seal(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message, int skBodyOffset, int plaintextLength)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        RandomNumberGenerator.Fill(iv);
        Seal(encKey, integKey, message, skBodyOffset, plaintextLength, iv);
    }

    /// <summary>As <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, int)"/> with a caller-chosen IV, which must never repeat under one key (CBC: must also be unpredictable).</summary>
    public void Seal(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message, int skBodyOffset,
        int plaintextLength, ReadOnlySpan<byte> iv)
    {
        if (skBodyOffset < 0 || message.Length != skBodyOffset + GetEncryptedLength(plaintextLength))
        {
            throw new ArgumentException("bug: message is not sized with GetEncryptedLength", nameof(message));
        }

        var paddedLength = message.Length - skBodyOffset - IvLength - IcvLength;
        var padLength = paddedLength - plaintextLength - 1;
        var padded = message.Slice(skBodyOffset + IvLength, paddedLength);
        // RFC 7296 §3.14: padding "MAY contain any value chosen by the sender"; zeros.
        padded.Slice(plaintextLength, padLength).Clear();
        padded[^1] = (byte)padLength;
        SealPadded(encKey, integKey, message, skBodyOffset, paddedLength, iv);
    }

    /// <summary>
    /// Seals when the caller has already written plaintext | padding | Pad Length (<paramref name="paddedLength"/>
    /// bytes, a multiple of <see cref="BlockSize"/>) at <see cref="GetPlaintextOffset"/>; the message ends
    /// right after room for the ICV. Random IV.
    /// </summary>
    public void SealPadded(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message, int skBodyOffset, int paddedLength)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        RandomNumberGenerator.Fill(iv);
        SealPadded(encKey, integKey, message, skBodyOffset, paddedLength, iv);
    }

    /// <summary>As <see cref="SealPadded(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, int, int)"/> with a caller-chosen IV.</summary>
    public void SealPadded(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message, int skBodyOffset,
        int paddedLength, ReadOnlySpan<byte> iv)
    {
        CheckKeys(encKey, integKey);
        if (iv.Length != IvLength)
        {
            throw new ArgumentException("bug: IV has the wrong length", nameof(iv));
        }

        if (skBodyOffset < 0 || paddedLength < 1 || paddedLength % BlockSize != 0
            || message.Length != skBodyOffset + IvLength + paddedLength + IcvLength
            || message[skBodyOffset + IvLength + paddedLength - 1] + 1 > paddedLength)
        {
            throw new ArgumentException("bug: padded plaintext does not fit the SK layout", nameof(paddedLength));
        }

        iv.CopyTo(message[skBodyOffset..]);
        if (IsAead)
        {
            SealAead(encKey, message, skBodyOffset);
        }
        else
        {
            SealCbc(encKey, integKey, message, skBodyOffset);
        }
    }

    /// <summary>
    /// Verifies and decrypts the SK payload body at <paramref name="skBodyOffset"/> up to the end of
    /// <paramref name="message"/>. Returns false, never throws, on a bad ICV, truncation, misaligned
    /// ciphertext or an impossible Pad Length; the ICV check is constant-time.
    /// </summary>
    /// <param name="plaintext">The payloads inside SK, padding and Pad Length removed.</param>
    public bool TryOpen(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, ReadOnlySpan<byte> message,
        int skBodyOffset, out byte[] plaintext)
    {
        plaintext = [];
        if (!TryDecrypt(encKey, integKey, message, skBodyOffset, out var decrypted, out var plaintextLength))
        {
            return false;
        }

        plaintext = decrypted.AsSpan(0, plaintextLength).ToArray();
        CryptographicOperations.ZeroMemory(decrypted);
        return true;
    }

    /// <summary>
    /// As <see cref="TryOpen"/>, decrypting in place: on success the plaintext is the
    /// <paramref name="plaintextLength"/> bytes at <see cref="GetPlaintextOffset"/> (padding and Pad Length
    /// follow it). On failure the message is unchanged.
    /// </summary>
    public bool TryOpenInPlace(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, Span<byte> message,
        int skBodyOffset, out int plaintextLength)
    {
        if (!TryDecrypt(encKey, integKey, message, skBodyOffset, out var decrypted, out plaintextLength))
        {
            return false;
        }

        decrypted.CopyTo(message[(skBodyOffset + IvLength)..]);
        CryptographicOperations.ZeroMemory(decrypted);
        return true;
    }

    private bool TryDecrypt(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey, ReadOnlySpan<byte> message,
        int skBodyOffset, out byte[] decrypted, out int plaintextLength)
    {
        CheckKeys(encKey, integKey);
        decrypted = [];
        plaintextLength = 0;
        if (skBodyOffset < 0 || skBodyOffset > message.Length)
        {
            return false;
        }

        var encryptedLength = message.Length - skBodyOffset - IvLength - IcvLength;
        if (encryptedLength < 1 || encryptedLength % BlockSize != 0)
        {
            return false;
        }

        var buffer = new byte[encryptedLength];
        var ok = IsAead
            ? TryOpenAead(encKey, message, skBodyOffset, buffer)
            : TryOpenCbc(encKey, integKey, message, skBodyOffset, buffer);
        if (!ok)
        {
            return false;
        }

        var padLength = buffer[^1];
        if (padLength + 1 > buffer.Length)
        {
            CryptographicOperations.ZeroMemory(buffer);
            return false;
        }

        decrypted = buffer;
        plaintextLength = buffer.Length - padLength - 1;
        return true;
    }

    public override string ToString() => Name;

    private void CheckKeys(ReadOnlySpan<byte> encKey, ReadOnlySpan<byte> integKey)
    {
        if (encKey.Length != EncryptionKeyLength || integKey.Length != IntegrityKeyLength)
        {
            throw new ArgumentException($"bug: key lengths {encKey.Length}/{integKey.Length} do not fit {Name}");
        }
    }
}
