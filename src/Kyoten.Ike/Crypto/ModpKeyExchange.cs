using System.Security.Cryptography;
using Kyoten.Ike.Transforms;
using Org.BouncyCastle.Crypto.Agreement;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Finite-field Diffie-Hellman over the RFC 3526 MODP groups (generator 2, safe primes), using
/// BouncyCastle's big integers (Montgomery exponentiation, far faster than System.Numerics).
/// </summary>
internal sealed class ModpKeyExchange : IKeyExchange
{
    private readonly BigInteger _p;
    private readonly int _length;
    private BigInteger? _x;
    private readonly byte[] _publicValue;

    public ModpKeyExchange(KeyExchangeMethod method, ReadOnlySpan<byte> privateKey)
    {
        Method = method;
        var (parameters, exponentBits) = method switch
        {
            KeyExchangeMethod.Modp2048 => (DHStandardGroups.rfc3526_2048, 256),
            KeyExchangeMethod.Modp3072 => (DHStandardGroups.rfc3526_3072, 384),
            KeyExchangeMethod.Modp4096 => (DHStandardGroups.rfc3526_4096, 512),
            KeyExchangeMethod.Modp8192 => (DHStandardGroups.rfc3526_8192, 640),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        _p = parameters.P;
        _length = KeyExchangeFactory.PublicValueLength(method);

        // RFC 3526 §8: an exponent of twice the group's symmetric strength suffices; the sizes above
        // follow that table with margin, which keeps 8192-bit exchanges affordable.
        if (privateKey.IsEmpty)
        {
            var buffer = new byte[exponentBits / 8];
            do
            {
                RandomNumberGenerator.Fill(buffer);
                _x = new BigInteger(1, buffer);
            }
            while (_x.BitLength < 2);
            CryptographicOperations.ZeroMemory(buffer);
        }
        else
        {
            _x = new BigInteger(1, privateKey.ToArray());
        }

        _publicValue = ToFixed(parameters.G.ModPow(_x, _p), _length);
    }

    public KeyExchangeMethod Method { get; }

    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out byte[] sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_x is null, this);
        sharedSecret = [];
        if (peerPublicValue.Length != _length)
        {
            return false;
        }

        // RFC 6989 §2.1: for safe-prime MODP groups, checking 1 < y < p-1 is sufficient.
        var y = new BigInteger(1, peerPublicValue.ToArray());
        if (y.CompareTo(BigInteger.One) <= 0 || y.CompareTo(_p.Subtract(BigInteger.One)) >= 0)
        {
            return false;
        }

        var z = y.ModPow(_x, _p);
        if (z.CompareTo(BigInteger.One) <= 0)
        {
            return false;
        }

        // RFC 7296 §2.14: g^ir is represented as a string of octets in big-endian order padded
        // with zeros if necessary to make it the length of the modulus.
        sharedSecret = ToFixed(z, _length);
        return true;
    }

    public void Dispose() => _x = null;

    private static byte[] ToFixed(BigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length == length)
        {
            return bytes;
        }

        var result = new byte[length];
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }
}
