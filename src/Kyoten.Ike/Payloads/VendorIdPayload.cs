namespace Kyoten.Ike.Payloads;

/// <summary>Vendor ID payload (RFC 7296 §3.12): opaque bytes, ignored when not recognised.</summary>
internal sealed class VendorIdPayload : IkePayload
{
    public override PayloadType Type => PayloadType.VendorId;

    public byte[] Data { get; init; } = [];

    public override int BodyLength => Data.Length;

    public override void WriteBody(Span<byte> destination) => Data.CopyTo(destination);

    public static bool TryRead(ReadOnlySpan<byte> body, out VendorIdPayload? payload, out PayloadError error)
    {
        payload = new VendorIdPayload { Data = body.ToArray() };
        error = PayloadError.None;
        return true;
    }
}
