using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Kyoten.Ike.Sa;

/// <summary>
/// Stateless cookies (RFC 7296 §2.6): Cookie = &lt;VersionIDofSecret&gt; | Hash(Ni | IPi | SPIi | &lt;secret&gt;),
/// here a version octet and a 16-octet truncated HMAC-SHA-256 keyed with the secret.
/// </summary>
/// <remarks>
/// §2.6: the responder "should change the value of &lt;secret&gt; frequently"; an initiator's retry may
/// arrive just after a change, so "the responder should remember the previous secret for a while".
/// The secret is replaced lazily, when a cookie is made or checked at least <c>lifetime</c> after the
/// current one was made, so no timer is needed; the previous secret is honoured for
/// <c>grace</c> after it was replaced and recognised by its version octet.
/// </remarks>
internal sealed class CookieJar
{
    private const int HashLength = 16;
    private readonly Func<int, byte[]> _random;
    private readonly TimeSpan _lifetime;
    private readonly TimeSpan _grace;
    private Secret _current;
    private Secret? _previous;
    private DateTimeOffset _previousRetired;

    public CookieJar(Func<int, byte[]> random, TimeSpan lifetime, TimeSpan grace, DateTimeOffset now)
    {
        _random = random;
        _lifetime = lifetime;
        _grace = grace;
        _current = new Secret(1, random(32), now);
    }

    /// <summary>Version octet of the current secret (tests watch it change).</summary>
    public byte CurrentVersion => _current.Version;

    public byte[] Compute(ReadOnlySpan<byte> ni, IPAddress initiator, ulong spiI, DateTimeOffset now)
    {
        Rotate(now);
        var cookie = new byte[1 + HashLength];
        cookie[0] = _current.Version;
        Hash(_current.Key, ni, initiator, spiI, cookie.AsSpan(1));
        return cookie;
    }

    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> ni, IPAddress initiator, ulong spiI, DateTimeOffset now)
    {
        Rotate(now);
        if (cookie.Length != 1 + HashLength)
        {
            return false;
        }

        Secret? secret = cookie[0] == _current.Version ? _current
            : _previous is { } previous && cookie[0] == previous.Version && now < _previousRetired + _grace ? previous
            : null;
        if (secret is null)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashLength];
        Hash(secret.Key, ni, initiator, spiI, expected);
        return CryptographicOperations.FixedTimeEquals(cookie[1..], expected);
    }

    private void Rotate(DateTimeOffset now)
    {
        if (now - _current.Created < _lifetime)
        {
            return;
        }

        if (_previous is not null)
        {
            CryptographicOperations.ZeroMemory(_previous.Key);
        }

        _previous = _current;
        _previousRetired = now;
        // Version 0 is skipped so a zeroed cookie never matches by version.
        byte version = (byte)(_current.Version == byte.MaxValue ? 1 : _current.Version + 1);
        _current = new Secret(version, _random(32), now);
    }

    private static void Hash(byte[] key, ReadOnlySpan<byte> ni, IPAddress initiator, ulong spiI, Span<byte> destination)
    {
        Span<byte> address = stackalloc byte[16];
        initiator.TryWriteBytes(address, out int addressLength);
        var input = new byte[ni.Length + addressLength + 8];
        ni.CopyTo(input);
        address[..addressLength].CopyTo(input.AsSpan(ni.Length));
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(ni.Length + addressLength), spiI);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        mac[..HashLength].CopyTo(destination);
    }

    private sealed record Secret(byte Version, byte[] Key, DateTimeOffset Created);
}
