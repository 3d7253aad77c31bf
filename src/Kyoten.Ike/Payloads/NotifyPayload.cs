using System.Buffers.Binary;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// Notify payload (RFC 7296 §3.10):
/// <code>
///  Protocol ID (1) | SPI Size (1) | Notify Message Type (2)
///  SPI (variable) | Notification Data
/// </code>
/// </summary>
internal sealed class NotifyPayload : IkePayload
{
    public override PayloadType Type => PayloadType.Notify;

    public ProtocolId Protocol { get; init; }

    public byte[] Spi { get; init; } = [];

    public NotifyType NotifyType { get; init; }

    public byte[] Data { get; init; } = [];

    /// <summary>RFC 7296 §3.10.1: types below 16384 report errors.</summary>
    public bool IsError => (ushort)NotifyType < 16384;

    public override int BodyLength => 4 + Spi.Length + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Protocol;
        destination[1] = (byte)Spi.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)NotifyType);
        Spi.CopyTo(destination[4..]);
        Data.CopyTo(destination[(4 + Spi.Length)..]);
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out NotifyPayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 4 || body.Length < 4 + body[1])
        {
            error = PayloadError.Truncated;
            return false;
        }

        int spiSize = body[1];
        payload = new NotifyPayload
        {
            Protocol = (ProtocolId)body[0],
            NotifyType = (NotifyType)BinaryPrimitives.ReadUInt16BigEndian(body[2..]),
            Spi = body.Slice(4, spiSize).ToArray(),
            Data = body[(4 + spiSize)..].ToArray(),
        };
        error = PayloadError.None;
        return true;
    }
}
