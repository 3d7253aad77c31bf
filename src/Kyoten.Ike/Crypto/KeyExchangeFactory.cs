using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>Creates key exchanges for the supported transform type 4 IDs.</summary>
public static class KeyExchangeFactory
{
    public static bool IsSupported(KeyExchangeMethod m) => m switch
    {
        KeyExchangeMethod.Modp2048 or KeyExchangeMethod.Modp3072 or KeyExchangeMethod.Modp4096
            or KeyExchangeMethod.Modp8192 => true,
        KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Ecp384 or KeyExchangeMethod.Ecp521 => true,
        KeyExchangeMethod.Curve25519 or KeyExchangeMethod.Curve448 => true,
        _ => false,
    };

    /// <summary>Length of the Key Exchange Data for <paramref name="m"/>, or 0 when unsupported.</summary>
    public static int PublicValueLength(KeyExchangeMethod m) => m switch
    {
        KeyExchangeMethod.Modp2048 => 256,
        KeyExchangeMethod.Modp3072 => 384,
        KeyExchangeMethod.Modp4096 => 512,
        KeyExchangeMethod.Modp8192 => 1024,
        KeyExchangeMethod.Ecp256 => 64,
        KeyExchangeMethod.Ecp384 => 96,
        KeyExchangeMethod.Ecp521 => 132,
        KeyExchangeMethod.Curve25519 => 32,
        KeyExchangeMethod.Curve448 => 56,
        _ => 0,
    };

    /// <summary>A new key exchange with a fresh random private key.</summary>
    /// <exception cref="NotSupportedException">The method is not implemented (negotiation must not pick it).</exception>
    public static IKeyExchange Create(KeyExchangeMethod m) => CreateCore(m, ReadOnlySpan<byte>.Empty);

    /// <summary>
    /// Test hook for known-answer vectors: a key exchange with a fixed private key (MODP: big-endian
    /// exponent; ECP: big-endian scalar of the curve's size; X25519/X448: the RFC 7748 scalar bytes).
    /// </summary>
    internal static IKeyExchange CreateWithPrivateKey(KeyExchangeMethod m, ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.IsEmpty)
        {
            throw new ArgumentException("bug: empty private key", nameof(privateKey));
        }

        return CreateCore(m, privateKey);
    }

    private static IKeyExchange CreateCore(KeyExchangeMethod m, ReadOnlySpan<byte> privateKey) => m switch
    {
        KeyExchangeMethod.Modp2048 or KeyExchangeMethod.Modp3072 or KeyExchangeMethod.Modp4096
            or KeyExchangeMethod.Modp8192 => new ModpKeyExchange(m, privateKey),
        KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Ecp384 or KeyExchangeMethod.Ecp521
            => new EcpKeyExchange(m, privateKey),
        KeyExchangeMethod.Curve25519 or KeyExchangeMethod.Curve448 => new MontgomeryKeyExchange(m, privateKey),
        _ => throw new NotSupportedException($"key exchange method {m} is not supported"),
    };
}
