namespace Kyoten.Ike.Payloads;

/// <summary>A non-critical payload type we do not interpret (RFC 7296 §2.5: MUST skip it).</summary>
internal sealed class UnknownPayload(PayloadType type, byte[] body) : IkePayload
{
    public override PayloadType Type { get; } = type;

    public byte[] Body { get; } = body;

    public override int BodyLength => Body.Length;

    public override void WriteBody(Span<byte> destination) => Body.CopyTo(destination);
}
