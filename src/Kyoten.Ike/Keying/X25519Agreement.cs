using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Kyoten.Ike.Keying;

/// <summary>Curve25519 (RFC 8031 §2): 32-octet public values; an all-zero shared secret MUST be rejected.</summary>
internal sealed class X25519Agreement : IKeyAgreement
{
    private readonly X25519PrivateKeyParameters _private;

    public X25519Agreement()
    {
        _private = new X25519PrivateKeyParameters(new SecureRandom());
        PublicValue = _private.GeneratePublicKey().GetEncoded();
    }

    public byte[] PublicValue { get; }

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublic, out byte[] secret)
    {
        secret = [];
        if (peerPublic.Length != X25519PublicKeyParameters.KeySize)
        {
            return false;
        }

        var shared = new byte[32];
        _private.GenerateSecret(new X25519PublicKeyParameters(peerPublic), shared, 0);
        if (CryptographicOperations.FixedTimeEquals(shared, new byte[32]))
        {
            return false;
        }

        secret = shared;
        return true;
    }

    public void Dispose()
    {
    }
}
