using System.Buffers.Binary;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>
/// IKE header (RFC 7296 §3.1):
/// <code>
///  IKE SA Initiator's SPI (8)
///  IKE SA Responder's SPI (8)
///  Next Payload | MjVer|MnVer | Exchange Type | Flags (X X R V I X X X)
///  Message ID (4)
///  Length (4)
/// </code>
/// </summary>
internal readonly record struct IkeHeader(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    PayloadType NextPayload,
    ExchangeType Exchange,
    bool FromInitiator,
    bool IsResponse,
    uint MessageId,
    int Length)
{
    public const int Size = 28;
    private const byte InitiatorFlag = 0x08;
    private const byte ResponseFlag = 0x20;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, InitiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ResponderSpi);
        destination[16] = (byte)NextPayload;
        destination[17] = IkeVersionInfo.IkeV2;
        destination[18] = (byte)Exchange;
        destination[19] = (byte)((FromInitiator ? InitiatorFlag : 0) | (IsResponse ? ResponseFlag : 0));
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], (uint)Length);
    }

    /// <summary>Reads and checks the header against the datagram length (RFC 7296 §3.1: Length is the whole message).</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out IkeHeader header, out PayloadError error)
    {
        header = default;
        if (datagram.Length < Size)
        {
            error = PayloadError.Truncated;
            return false;
        }

        // RFC 7296 §2.5: a higher major version MUST be answered with INVALID_MAJOR_VERSION (or dropped).
        if (datagram[17] >> 4 != 2)
        {
            error = PayloadError.InvalidMajorVersion;
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(datagram[24..]);
        if (length != (uint)datagram.Length)
        {
            error = PayloadError.Truncated;
            return false;
        }

        header = new IkeHeader(
            BinaryPrimitives.ReadUInt64BigEndian(datagram),
            BinaryPrimitives.ReadUInt64BigEndian(datagram[8..]),
            (PayloadType)datagram[16],
            (ExchangeType)datagram[18],
            (datagram[19] & InitiatorFlag) != 0,
            (datagram[19] & ResponseFlag) != 0,
            BinaryPrimitives.ReadUInt32BigEndian(datagram[20..]),
            (int)length);
        error = PayloadError.None;
        return true;
    }
}
