using System.Security.Cryptography;

namespace Kyoten.Ike.Keying;

/// <summary>ECP groups 19/20 (RFC 5903 §7): public value and shared secret are x|y and x.</summary>
internal sealed class EcdhAgreement : IKeyAgreement
{
    private readonly ECDiffieHellman _key;
    private readonly ECCurve _curve;
    private readonly int _size;

    public EcdhAgreement(ECCurve curve, int coordinateSize)
    {
        _curve = curve;
        _size = coordinateSize;
        _key = ECDiffieHellman.Create(curve);
        var p = _key.ExportParameters(false).Q;
        PublicValue = [.. p.X!, .. p.Y!];
    }

    public byte[] PublicValue { get; }

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublic, out byte[] secret)
    {
        secret = [];
        if (peerPublic.Length != 2 * _size)
        {
            return false;
        }

        try
        {
            // Importing validates that the point lies on the curve (RFC 5903: checks required).
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = _curve,
                Q = new ECPoint { X = peerPublic[.._size].ToArray(), Y = peerPublic[_size..].ToArray() },
            });
            secret = _key.DeriveRawSecretAgreement(peer.PublicKey);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
