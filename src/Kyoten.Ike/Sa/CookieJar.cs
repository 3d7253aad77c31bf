using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Kyoten.Ike.Sa;

/// <summary>
/// Stateless cookies (RFC 7296 §2.6): Cookie = &lt;VersionIDofSecret&gt; | Hash(Ni | IPi | SPIi | &lt;secret&gt;),
/// here a version octet and a 16-octet truncated HMAC-SHA-256 keyed with the secret.
/// </summary>
internal sealed class CookieJar(byte[] secret)
{
    private const byte Version = 1;

    public byte[] Compute(ReadOnlySpan<byte> ni, IPAddress initiator, ulong spiI)
    {
        var address = initiator.GetAddressBytes();
        var input = new byte[ni.Length + address.Length + 8];
        ni.CopyTo(input);
        address.CopyTo(input, ni.Length);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(ni.Length + address.Length), spiI);
        var cookie = new byte[17];
        cookie[0] = Version;
        HMACSHA256.HashData(secret, input).AsSpan(0, 16).CopyTo(cookie.AsSpan(1));
        return cookie;
    }

    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> ni, IPAddress initiator, ulong spiI) =>
        CryptographicOperations.FixedTimeEquals(cookie, Compute(ni, initiator, spiI));
}
