using System.Buffers.Binary;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// Delete payload (RFC 7296 §3.11):
/// <code>
///  Protocol ID (1) | SPI Size (1) | Num of SPIs (2) | SPIs
/// </code>
/// "For an IKE SA, the SPI Size is 0"; for ESP and AH it is 4.
/// </summary>
internal sealed class DeletePayload : IkePayload
{
    public override PayloadType Type => PayloadType.Delete;

    public ProtocolId Protocol { get; init; }

    /// <summary>CHILD SA SPIs (inbound SPIs of the sender), empty for an IKE SA.</summary>
    public IReadOnlyList<uint> Spis { get; init; } = [];

    public override int BodyLength => 4 + (Protocol == ProtocolId.Ike ? 0 : 4 * Spis.Count);

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Protocol;
        bool ike = Protocol == ProtocolId.Ike;
        destination[1] = ike ? (byte)0 : (byte)4;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], ike ? (ushort)0 : (ushort)Spis.Count);
        if (!ike)
        {
            for (int i = 0; i < Spis.Count; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + 4 * i)..], Spis[i]);
            }
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out DeletePayload? payload, out PayloadError error)
    {
        payload = null;
        error = PayloadError.Truncated;
        if (body.Length < 4)
        {
            return false;
        }

        var protocol = (ProtocolId)body[0];
        int spiSize = body[1];
        int count = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (protocol == ProtocolId.Ike ? spiSize != 0 : (spiSize != 4 || protocol is not (ProtocolId.Esp or ProtocolId.Ah)))
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        if (body.Length != 4 + spiSize * count)
        {
            return false;
        }

        var spis = new uint[protocol == ProtocolId.Ike ? 0 : count];
        for (int i = 0; i < spis.Length; i++)
        {
            spis[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(4 + 4 * i)..]);
        }

        payload = new DeletePayload { Protocol = protocol, Spis = spis };
        error = PayloadError.None;
        return true;
    }
}
