using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// AES-GCM (RFC 4106) and ChaCha20-Poly1305 (RFC 7634) in ESP through the system's OpenSSL 3
/// libcrypto EVP interface, with one keyed cipher context per direction that only takes a new
/// nonce per packet. Same algorithm and library as <see cref="AeadTransform"/> (.NET's AesGcm and
/// ChaCha20Poly1305 call the same libcrypto), but without their per-call costs: a profile of one
/// TCP stream showed .NET's native shim spending more time clearing OpenSSL's error queue before
/// each of its calls (ERR_clear_error, 10 % of both cores) than in the cipher itself. A forged
/// packet is a return value here, not an exception. Used when <see cref="IsAvailable"/>: libcrypto
/// loads and agrees with .NET on fixed vectors at start-up; otherwise <see cref="AeadTransform"/>.
/// </summary>
internal sealed unsafe partial class OpenSslAeadTransform : AeadEspTransform
{
    private const string Library = "libcrypto.so.3";
    private const int NonceLength = 12;

    // OpenSSL evp.h: EVP_CTRL_AEAD_SET_IVLEN, EVP_CTRL_AEAD_GET_TAG, EVP_CTRL_AEAD_SET_TAG.
    private const int CtrlSetIvLength = 0x9;
    private const int CtrlGetTag = 0x10;
    private const int CtrlSetTag = 0x11;

    private static readonly Lazy<bool> Available = new(SelfTest);

    private readonly CipherContext _seal;
    private readonly CipherContext _open;

    public OpenSslAeadTransform(AlgorithmInfo info, ReadOnlySpan<byte> keyAndSalt)
        : base(info, keyAndSalt)
    {
        ReadOnlySpan<byte> key = keyAndSalt[..info.CipherKeyLength];
        nint cipher = info.Kind switch
        {
            TransformKind.AesGcm when key.Length == 16 => Aes128Gcm(),
            TransformKind.AesGcm when key.Length == 32 => Aes256Gcm(),
            TransformKind.ChaCha20Poly1305 when key.Length == 32 => ChaCha20Poly1305(),
            _ => throw new ArgumentException($"no OpenSSL AEAD for {info.Kind} with a {key.Length}-octet key", nameof(info)),
        };
        _seal = CipherContext.Create(cipher, key, encrypt: true);
        _open = CipherContext.Create(cipher, key, encrypt: false);
    }

    /// <summary>True when libcrypto's EVP AEADs load here and match .NET's on fixed vectors.</summary>
    public static bool IsAvailable => Available.Value;

    public override void Dispose()
    {
        _seal.Dispose();
        _open.Dispose();
    }

    protected override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText)
    {
        if (!_seal.Run(nonce, aad, sealedText[..^TagLength], sealedText[^TagLength..]))
        {
            throw new CryptographicException("libcrypto refused to encrypt an ESP packet");
        }
    }

    protected override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> sealedText) =>
        _open.Run(nonce, aad, sealedText[..^TagLength], sealedText[^TagLength..]);

    /// <summary>Encrypts and tags, then decrypts and checks, fixed inputs through both libraries; any mismatch or failure means "not available".</summary>
    private static bool SelfTest()
    {
        try
        {
            return SelfTest(EspAlgorithm.AesGcm128) && SelfTest(EspAlgorithm.AesGcm256) && SelfTest(EspAlgorithm.ChaCha20Poly1305);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool SelfTest(EspAlgorithm algorithm)
    {
        AlgorithmInfo info = AlgorithmInfo.For(algorithm);
        byte[] key = new byte[info.EncryptionKeyLength];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(17 * i + 3);
        }

        // An ESP packet: SPI, Seq, IV, 61 octets of text, ICV; with ESN so the AAD is 12 octets.
        const int textLength = 61;
        byte[] reference = new byte[EspPacket.HeaderLength + 8 + textLength + TagLength];
        for (int i = 0; i < reference.Length; i++)
        {
            reference[i] = (byte)(i * 7);
        }

        byte[] ours = (byte[])reference.Clone();
        const ulong sequence = 0x0000_0001_2345_6789;
        using (var dotnet = new AeadTransform(info, key))
        using (var openssl = new OpenSslAeadTransform(info, key))
        {
            dotnet.Seal(reference, textLength, sequence, esn: true, forcedIv: default);
            openssl.Seal(ours, textLength, sequence, esn: true, forcedIv: default);
            if (!ours.AsSpan().SequenceEqual(reference) || !openssl.Open(ours, textLength, sequence, esn: true) || !dotnet.Open(reference, textLength, sequence, esn: true))
            {
                return false;
            }

            ours[^1] ^= 1; // a tag that does not verify must be refused
            return ours.AsSpan(0, ours.Length - TagLength).SequenceEqual(reference.AsSpan(0, ours.Length - TagLength))
                && !openssl.Open(ours, textLength, sequence, esn: true);
        }
    }

    /// <summary>
    /// One keyed EVP_CIPHER_CTX. A SafeHandle, so a Dispose racing a packet on another thread is
    /// an ObjectDisposedException there, never a use after free.
    /// </summary>
    private sealed class CipherContext : SafeHandle
    {
        private readonly int _encrypt;

        private CipherContext(nint ctx, bool encrypt)
            : base(0, ownsHandle: true)
        {
            SetHandle(ctx);
            _encrypt = encrypt ? 1 : 0;
        }

        public override bool IsInvalid => handle == 0;

        public static CipherContext Create(nint cipher, ReadOnlySpan<byte> key, bool encrypt)
        {
            nint ctx = CtxNew();
            if (ctx == 0)
            {
                throw new CryptographicException("EVP_CIPHER_CTX_new failed");
            }

            var context = new CipherContext(ctx, encrypt);
            fixed (byte* k = key)
            {
                if (CipherInit(ctx, cipher, 0, null, null, context._encrypt) != 1
                    || CtxCtrl(ctx, CtrlSetIvLength, NonceLength, null) != 1
                    || CipherInit(ctx, 0, 0, k, null, context._encrypt) != 1)
                {
                    context.Dispose();
                    ErrClearError();
                    throw new CryptographicException("libcrypto refused the ESP key");
                }
            }

            return context;
        }

        /// <summary>
        /// Encrypts <paramref name="text"/> in place and writes <paramref name="tag"/>, or (a
        /// decrypting context) decrypts it in place and verifies the tag. False when the tag does not verify.
        /// </summary>
        public bool Run(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> text, Span<byte> tag)
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                nint ctx = handle;
                int length;
                fixed (byte* n = nonce)
                fixed (byte* a = aad)
                fixed (byte* t = text)
                fixed (byte* g = tag)
                {
                    bool ok = CipherInit(ctx, 0, 0, null, n, _encrypt) == 1
                        && (aad.IsEmpty || CipherUpdate(ctx, null, &length, a, aad.Length) == 1)
                        && CipherUpdate(ctx, t, &length, t, text.Length) == 1;
                    if (ok && _encrypt == 1)
                    {
                        ok = CipherFinal(ctx, t + text.Length, &length) == 1 && CtxCtrl(ctx, CtrlGetTag, TagLength, g) == 1;
                    }
                    else if (ok)
                    {
                        ok = CtxCtrl(ctx, CtrlSetTag, TagLength, g) == 1 && CipherFinal(ctx, t + text.Length, &length) == 1;
                    }

                    if (!ok)
                    {
                        ErrClearError(); // a failed check may leave an entry on this thread's error queue
                    }

                    return ok;
                }
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        protected override bool ReleaseHandle()
        {
            CtxFree(handle); // frees the cipher state; OpenSSL cleanses the key schedule
            return true;
        }
    }

    [LibraryImport(Library, EntryPoint = "EVP_aes_128_gcm")]
    private static partial nint Aes128Gcm();

    [LibraryImport(Library, EntryPoint = "EVP_aes_256_gcm")]
    private static partial nint Aes256Gcm();

    [LibraryImport(Library, EntryPoint = "EVP_chacha20_poly1305")]
    private static partial nint ChaCha20Poly1305();

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_new")]
    private static partial nint CtxNew();

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_free")]
    private static partial void CtxFree(nint ctx);

    [LibraryImport(Library, EntryPoint = "EVP_CIPHER_CTX_ctrl")]
    private static partial int CtxCtrl(nint ctx, int type, int arg, void* ptr);

    [LibraryImport(Library, EntryPoint = "EVP_CipherInit_ex")]
    private static partial int CipherInit(nint ctx, nint cipher, nint engine, byte* key, byte* iv, int encrypt);

    [LibraryImport(Library, EntryPoint = "EVP_CipherUpdate")]
    private static partial int CipherUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(Library, EntryPoint = "EVP_CipherFinal_ex")]
    private static partial int CipherFinal(nint ctx, byte* output, int* outputLength);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    private static partial void ErrClearError();
}
