using System.Runtime.InteropServices;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// X25519 / X448 through the system's OpenSSL 3 libcrypto, which .NET on Linux loads anyway.
/// .NET has no Montgomery-curve API and BouncyCastle's managed ladder was about 40 % of a PSK
/// handshake; libcrypto's is several times faster. Used only when libcrypto loads and agrees with
/// BouncyCastle on a fixed key pair at start-up, otherwise <see cref="MontgomeryKeyExchange"/>
/// keeps the BouncyCastle path.
/// </summary>
internal static partial class OpenSslMontgomery
{
    private const string Library = "libcrypto.so.3";

    // OpenSSL obj_mac.h: NID_X25519 1034, NID_X448 1035.
    private const int NidX25519 = 1034;
    private const int NidX448 = 1035;

    private static readonly Lazy<bool> Available = new(SelfTest);

    public static bool IsAvailable => Available.Value;

    /// <summary>An EVP_PKEY holding <paramref name="privateKey"/>; OpenSSL derives the public value on import.</summary>
    public static EvpPkeyHandle? ImportPrivate(bool is448, ReadOnlySpan<byte> privateKey)
    {
        var handle = NewRawPrivateKey(is448 ? NidX448 : NidX25519, 0, privateKey, (nuint)privateKey.Length);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }

    public static bool TryGetPublic(EvpPkeyHandle key, Span<byte> publicValue)
    {
        nuint length = (nuint)publicValue.Length;
        return GetRawPublicKey(key, publicValue, ref length) == 1 && length == (nuint)publicValue.Length;
    }

    /// <summary>
    /// X25519/X448(our key, peer value). False for a malformed peer value and for an all-zero result
    /// (OpenSSL refuses it, as RFC 8031 §2 requires of the recipient).
    /// </summary>
    public static bool TryDerive(bool is448, EvpPkeyHandle key, ReadOnlySpan<byte> peerPublic, Span<byte> secret)
    {
        using var peer = NewRawPublicKey(is448 ? NidX448 : NidX25519, 0, peerPublic, (nuint)peerPublic.Length);
        if (peer.IsInvalid)
        {
            return false;
        }

        nint ctx = CtxNew(key, 0);
        if (ctx == 0)
        {
            return false;
        }

        try
        {
            nuint length = (nuint)secret.Length;
            return DeriveInit(ctx) == 1 && DeriveSetPeer(ctx, peer) == 1
                && Derive(ctx, secret, ref length) == 1 && length == (nuint)secret.Length;
        }
        finally
        {
            CtxFree(ctx);
        }
    }

    private static bool SelfTest()
    {
        try
        {
            Span<byte> a = stackalloc byte[X25519.ScalarSize];
            Span<byte> b = stackalloc byte[X25519.ScalarSize];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (byte)(i + 1);
                b[i] = (byte)(200 - i);
            }

            Span<byte> publicB = stackalloc byte[X25519.PointSize];
            X25519.ScalarMultBase(b, publicB);
            Span<byte> expected = stackalloc byte[X25519.PointSize];
            X25519.ScalarMult(a, publicB, expected);
            using var key = ImportPrivate(false, a);
            Span<byte> actual = stackalloc byte[X25519.PointSize];
            return key is not null && TryDerive(false, key, publicB, actual) && actual.SequenceEqual(expected);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    private static partial EvpPkeyHandle NewRawPrivateKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    private static partial EvpPkeyHandle NewRawPublicKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    private static partial int GetRawPublicKey(EvpPkeyHandle key, Span<byte> destination, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new")]
    private static partial nint CtxNew(EvpPkeyHandle key, nint engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    private static partial void CtxFree(nint ctx);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_init")]
    private static partial int DeriveInit(nint ctx);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_set_peer")]
    private static partial int DeriveSetPeer(nint ctx, EvpPkeyHandle peer);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive")]
    private static partial int Derive(nint ctx, Span<byte> secret, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    internal static partial void PkeyFree(nint key);
}
