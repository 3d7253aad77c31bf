using System.Numerics;
using System.Security.Cryptography;

namespace Kyoten.Ike.Keying;

/// <summary>
/// MODP group 14 (RFC 3526 §3, 2048-bit, generator 2). RFC 7296 §3.4 wants the public value
/// zero-padded to the prime length; values 0, 1 and p-1 (and larger) are rejected.
/// </summary>
internal sealed class ModpAgreement : IKeyAgreement
{
    // RFC 3526 §3, 2048-bit MODP Group prime.
    private const string Prime2048Hex =
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
        "15728E5A8AACAA68FFFFFFFFFFFFFFFF";

    private static readonly BigInteger Prime = new(Convert.FromHexString(Prime2048Hex), isUnsigned: true, isBigEndian: true);
    private readonly BigInteger _private;

    public ModpAgreement()
    {
        _private = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
        PublicValue = Pad(BigInteger.ModPow(2, _private, Prime));
    }

    public byte[] PublicValue { get; }

    public bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublic, out byte[] secret)
    {
        secret = [];
        if (peerPublic.Length != 256)
        {
            return false;
        }

        var y = new BigInteger(peerPublic, isUnsigned: true, isBigEndian: true);
        if (y <= BigInteger.One || y >= Prime - BigInteger.One)
        {
            return false;
        }

        secret = Pad(BigInteger.ModPow(y, _private, Prime));
        return true;
    }

    private static byte[] Pad(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[256];
        bytes.CopyTo(padded, 256 - bytes.Length);
        return padded;
    }

    public void Dispose()
    {
    }
}
