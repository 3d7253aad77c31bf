namespace Kyoten.Ike.Keying;

/// <summary>One ephemeral key exchange (RFC 7296 §3.4): our public value and the shared secret.</summary>
internal interface IKeyAgreement : IDisposable
{
    byte[] PublicValue { get; }

    /// <summary>False for a peer value of the wrong length or off the curve/group (RFC 7296 §2.12 checks).</summary>
    bool TryComputeSharedSecret(ReadOnlySpan<byte> peerPublic, out byte[] secret);
}
