using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// One side of an ephemeral key exchange (the KE payload of IKE_SA_INIT or CREATE_CHILD_SA).
/// Disposing zeroes the private key.
/// </summary>
public interface IKeyExchange : IDisposable
{
    KeyExchangeMethod Method { get; }

    /// <summary>
    /// The Key Exchange Data of our KE payload (RFC 7296 §3.4): MODP g^x zero-padded to the
    /// prime length, ECP x | y without the 0x04 prefix (RFC 5903 §7), X25519 32 / X448 56 bytes
    /// (RFC 8031 §2).
    /// </summary>
    ReadOnlyMemory<byte> PublicValue { get; }

    /// <summary>
    /// g^ir from the peer's Key Exchange Data. Returns false, never throws, for any value that
    /// RFC 6989 / RFC 8031 require us to reject: wrong length, 0, 1, p-1, &gt;= p, a point not on
    /// the curve, or an all-zero X25519/X448 result. ECP yields the x coordinate only (RFC 5903 §7).
    /// </summary>
    bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, out byte[] sharedSecret);
}
