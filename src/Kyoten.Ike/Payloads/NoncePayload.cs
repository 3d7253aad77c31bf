namespace Kyoten.Ike.Payloads;

/// <summary>Nonce payload (RFC 7296 §3.9): "between 16 and 256 octets, inclusive".</summary>
internal sealed class NoncePayload : IkePayload
{
    public const int MinLength = 16;
    public const int MaxLength = 256;

    public override PayloadType Type => PayloadType.Nonce;

    public byte[] Data { get; init; } = [];

    public override int BodyLength => Data.Length;

    public override void WriteBody(Span<byte> destination) => Data.CopyTo(destination);

    public static bool TryRead(ReadOnlySpan<byte> body, out NoncePayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length is < MinLength or > MaxLength)
        {
            error = body.Length < MinLength ? PayloadError.Truncated : PayloadError.InvalidValue;
            return false;
        }

        payload = new NoncePayload { Data = body.ToArray() };
        error = PayloadError.None;
        return true;
    }
}
