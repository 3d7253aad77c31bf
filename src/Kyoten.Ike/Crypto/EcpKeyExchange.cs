using System.Security.Cryptography;
using Kyoten.Ike.Transforms;
using Org.BouncyCastle.Asn1.X9;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// ECDH over the NIST prime curves (RFC 5903). The agreement runs on .NET's ECDiffieHellman;
/// the peer point is validated against the curve equation first (RFC 6989 §2.3) with
/// BouncyCastle's curve arithmetic, so rejection never depends on platform behaviour.
/// </summary>
internal sealed class EcpKeyExchange : IKeyExchange
{
    private readonly ECCurve _curve;
    private readonly X9ECParameters _bcCurve;
    private readonly int _coordinateLength;
    private ECDiffieHellman? _ecdh;
    private readonly byte[] _publicValue;

    public EcpKeyExchange(KeyExchangeMethod method, ReadOnlySpan<byte> privateKey)
    {
        Method = method;
        (_curve, _bcCurve, _coordinateLength) = method switch
        {
            KeyExchangeMethod.Ecp256 => (ECCurve.NamedCurves.nistP256, ECNamedCurveTable.GetByName("P-256"), 32),
            KeyExchangeMethod.Ecp384 => (ECCurve.NamedCurves.nistP384, ECNamedCurveTable.GetByName("P-384"), 48),
            KeyExchangeMethod.Ecp521 => (ECCurve.NamedCurves.nistP521, ECNamedCurveTable.GetByName("P-521"), 66),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

        if (privateKey.IsEmpty)
        {
            _ecdh = ECDiffieHellman.Create(_curve);
        }
        else
        {
            // Fixed scalar for known-answer tests: derive Q = d·G ourselves so import is portable.
            var d = new BcBigInteger(1, privateKey.ToArray());
            var q = _bcCurve.G.Multiply(d).Normalize();
            _ecdh = ECDiffieHellman.Create(new ECParameters
            {
                Curve = _curve,
                D = Fixed(d, _coordinateLength),
                Q = new ECPoint
                {
                    X = Fixed(q.AffineXCoord.ToBigInteger(), _coordinateLength),
                    Y = Fixed(q.AffineYCoord.ToBigInteger(), _coordinateLength),
                },
            });
        }

        // RFC 5903 §7: the KE payload carries x | y, each of the field size, no point format octet.
        var parameters = _ecdh.ExportParameters(false);
        _publicValue = new byte[2 * _coordinateLength];
        parameters.Q.X!.CopyTo(_publicValue, _coordinateLength - parameters.Q.X.Length);
        parameters.Q.Y!.CopyTo(_publicValue, 2 * _coordinateLength - parameters.Q.Y.Length);
    }

    public KeyExchangeMethod Method { get; }

    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out byte[] sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_ecdh is null, this);
        sharedSecret = [];
        if (peerPublicValue.Length != 2 * _coordinateLength)
        {
            return false;
        }

        var xBytes = peerPublicValue[.._coordinateLength].ToArray();
        var yBytes = peerPublicValue[_coordinateLength..].ToArray();
        if (!IsOnCurve(new BcBigInteger(1, xBytes), new BcBigInteger(1, yBytes)))
        {
            return false;
        }

        try
        {
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = _curve,
                Q = new ECPoint { X = xBytes, Y = yBytes },
            });
            // RFC 5903 §7: the shared secret is the x-coordinate of the ECDH result point.
            var x = _ecdh.DeriveRawSecretAgreement(peer.PublicKey);
            if (x.Length > _coordinateLength || !x.AsSpan().ContainsAnyExcept((byte)0))
            {
                return false;
            }

            // RFC 5903 §7 wants the field-size encoding; keep leading zeros should a platform drop them.
            sharedSecret = new byte[_coordinateLength];
            x.CopyTo(sharedSecret, _coordinateLength - x.Length);
            CryptographicOperations.ZeroMemory(x);
            return true;
        }
        catch (CryptographicException)
        {
            // Defence in depth: the platform refused the point after our own check passed.
            return false;
        }
    }

    public void Dispose()
    {
        _ecdh?.Dispose();
        _ecdh = null;
    }

    /// <summary>RFC 6989 §2.3: both coordinates in [0, p-1] and y² = x³ + ax + b.</summary>
    private bool IsOnCurve(BcBigInteger x, BcBigInteger y)
    {
        var curve = _bcCurve.Curve;
        var p = curve.Field.Characteristic;
        if (x.CompareTo(p) >= 0 || y.CompareTo(p) >= 0)
        {
            return false;
        }

        var a = curve.A.ToBigInteger();
        var b = curve.B.ToBigInteger();
        var left = y.Multiply(y).Mod(p);
        var right = x.Multiply(x).Multiply(x).Add(a.Multiply(x)).Add(b).Mod(p);
        return left.Equals(right);
    }

    private static byte[] Fixed(BcBigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        var result = new byte[length];
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }
}
