namespace Kyoten.Ike.Payloads;

/// <summary>
/// One decoded payload. The generic header (RFC 7296 §3.2) is written by the message codec:
/// <code>
///  Next Payload (1) | C | RESERVED (1) | Payload Length (2)
/// </code>
/// </summary>
internal abstract class IkePayload
{
    /// <summary>Size of the generic payload header.</summary>
    public const int HeaderLength = 4;

    public abstract PayloadType Type { get; }

    /// <summary>The critical bit as received or to be sent; RFC 7296 §2.5 says senders set it only for payloads it defines as critical.</summary>
    public bool Critical { get; init; }

    /// <summary>Body length without the 4-byte generic header.</summary>
    public abstract int BodyLength { get; }

    public abstract void WriteBody(Span<byte> destination);
}
