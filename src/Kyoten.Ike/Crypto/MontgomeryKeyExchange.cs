using System.Security.Cryptography;
using Kyoten.Ike.Transforms;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Kyoten.Ike.Crypto;

/// <summary>Curve25519 and Curve448 key exchange for IKEv2 (RFC 8031), X25519/X448 of RFC 7748.</summary>
internal sealed class MontgomeryKeyExchange : IKeyExchange
{
    private readonly bool _is448;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicValue;
    private readonly EvpPkeyHandle? _openSslKey;
    private bool _disposed;

    public MontgomeryKeyExchange(KeyExchangeMethod method, ReadOnlySpan<byte> privateKey)
    {
        Method = method;
        _is448 = method switch
        {
            KeyExchangeMethod.Curve25519 => false,
            KeyExchangeMethod.Curve448 => true,
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        var size = _is448 ? X448.ScalarSize : X25519.ScalarSize;
        _privateKey = new byte[size];
        if (privateKey.IsEmpty)
        {
            RandomNumberGenerator.Fill(_privateKey);
        }
        else if (privateKey.Length == size)
        {
            privateKey.CopyTo(_privateKey);
        }
        else
        {
            throw new ArgumentException("bug: private key has the wrong size", nameof(privateKey));
        }

        // RFC 8031 §2: the public value is X25519(d, 9) / X448(d, 5), sent as-is (32 / 56 bytes).
        _publicValue = new byte[_is448 ? X448.PointSize : X25519.PointSize];
        if (OpenSslMontgomery.IsAvailable)
        {
            _openSslKey = OpenSslMontgomery.ImportPrivate(_is448, _privateKey);
            if (_openSslKey is not null && !OpenSslMontgomery.TryGetPublic(_openSslKey, _publicValue))
            {
                _openSslKey.Dispose();
                _openSslKey = null;
            }
        }

        if (_openSslKey is null)
        {
            if (_is448)
            {
                X448.ScalarMultBase(_privateKey, _publicValue);
            }
            else
            {
                X25519.ScalarMultBase(_privateKey, _publicValue);
            }
        }
    }

    public KeyExchangeMethod Method { get; }

    public ReadOnlyMemory<byte> PublicValue => _publicValue;

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out byte[] sharedSecret)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        sharedSecret = [];
        if (peerPublicValue.Length != _publicValue.Length)
        {
            return false;
        }

        var result = new byte[_publicValue.Length];
        // RFC 8031 §2: "the recipient MUST check that the output is not all zeros" — low-order points.
        var ok = _openSslKey is not null
            ? OpenSslMontgomery.TryDerive(_is448, _openSslKey, peerPublicValue, result)
            : _is448
            ? X448.CalculateAgreement(_privateKey, peerPublicValue, result)
            : X25519.CalculateAgreement(_privateKey, peerPublicValue, result);
        if (!ok)
        {
            return false;
        }

        sharedSecret = result;
        return true;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        _openSslKey?.Dispose();
        _disposed = true;
    }
}
