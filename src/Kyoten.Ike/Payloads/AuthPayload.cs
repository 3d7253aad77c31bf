namespace Kyoten.Ike.Payloads;

/// <summary>
/// Authentication payload (RFC 7296 §3.8):
/// <code>
///  Auth Method (1) | RESERVED (3) | Authentication Data
/// </code>
/// </summary>
internal sealed class AuthPayload : IkePayload
{
    public override PayloadType Type => PayloadType.Authentication;

    public AuthMethod Method { get; init; }

    public byte[] Data { get; init; } = [];

    public override int BodyLength => 4 + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Method;
        destination[1..4].Clear();
        Data.CopyTo(destination[4..]);
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out AuthPayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 5)
        {
            error = PayloadError.Truncated;
            return false;
        }

        payload = new AuthPayload { Method = (AuthMethod)body[0], Data = body[4..].ToArray() };
        error = PayloadError.None;
        return true;
    }
}
