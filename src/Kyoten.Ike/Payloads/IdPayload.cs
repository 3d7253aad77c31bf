namespace Kyoten.Ike.Payloads;

/// <summary>
/// Identification payload IDi/IDr (RFC 7296 §3.5):
/// <code>
///  ID Type (1) | RESERVED (3) | Identification Data
/// </code>
/// The body (type, reserved, data) is what AUTH signs (RFC 7296 §2.15, "RestOfInitIDPayload").
/// </summary>
internal sealed class IdPayload(bool initiator) : IkePayload
{
    public override PayloadType Type => initiator ? PayloadType.IdInitiator : PayloadType.IdResponder;

    public IdType IdType { get; init; }

    public byte[] Data { get; init; } = [];

    public override int BodyLength => 4 + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)IdType;
        destination[1..4].Clear();
        Data.CopyTo(destination[4..]);
    }

    public byte[] ToBody()
    {
        var body = new byte[BodyLength];
        WriteBody(body);
        return body;
    }

    public static bool TryRead(ReadOnlySpan<byte> body, bool initiator, out IdPayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 4)
        {
            error = PayloadError.Truncated;
            return false;
        }

        var type = (IdType)body[0];
        int dataLength = body.Length - 4;
        bool valid = type switch
        {
            IdType.Ipv4Address => dataLength == 4,
            IdType.Ipv6Address => dataLength == 16,
            IdType.Fqdn or IdType.Rfc822Address or IdType.DerAsn1Dn or IdType.DerAsn1Gn or IdType.KeyId => dataLength > 0,
            _ => false,
        };
        if (!valid)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        payload = new IdPayload(initiator) { IdType = type, Data = body[4..].ToArray() };
        error = PayloadError.None;
        return true;
    }
}
