namespace Kyoten.Ike.Payloads;

/// <summary>Where an SK or SKF payload sits inside a chain (offsets relative to the chain start).</summary>
/// <param name="InnerFirst">The SK header's Next Payload: type of the first encrypted payload (RFC 7296 §3.14).</param>
internal readonly record struct EncryptedPayloadLocation(PayloadType Type, PayloadType InnerFirst, int Offset, int Length)
{
    public bool IsPresent => Type != PayloadType.None;
}
