namespace Kyoten.Ike.Payloads;

/// <summary>
/// Traffic Selector payload TSi/TSr (RFC 7296 §3.13):
/// <code>
///  Number of TSs (1) | RESERVED (3) | Traffic Selectors
/// </code>
/// </summary>
internal sealed class TsPayload(bool initiator) : IkePayload
{
    public override PayloadType Type => initiator ? PayloadType.TrafficSelectorInitiator : PayloadType.TrafficSelectorResponder;

    public IReadOnlyList<TrafficSelector> Selectors { get; init; } = [];

    public override int BodyLength
    {
        get
        {
            int length = 4;
            foreach (var selector in Selectors)
            {
                length += selector.Length;
            }

            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Selectors.Count;
        destination[1..4].Clear();
        int offset = 4;
        foreach (var selector in Selectors)
        {
            selector.Write(destination[offset..]);
            offset += selector.Length;
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> body, bool initiator, out TsPayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 4)
        {
            error = PayloadError.Truncated;
            return false;
        }

        int count = body[0];
        var selectors = new List<TrafficSelector>(count);
        var rest = body[4..];
        for (int i = 0; i < count; i++)
        {
            if (!TrafficSelector.TryRead(rest, out var selector, out int used, out error))
            {
                return false;
            }

            selectors.Add(selector!);
            rest = rest[used..];
        }

        if (rest.Length != 0 || count == 0)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        payload = new TsPayload(initiator) { Selectors = selectors };
        error = PayloadError.None;
        return true;
    }
}
