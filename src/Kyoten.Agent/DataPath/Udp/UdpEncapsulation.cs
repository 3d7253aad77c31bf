using System.Buffers.Binary;

namespace Kyoten.Agent.DataPath.Udp;

/// <summary>
/// RFC 3948 demultiplexing of port 4500.
/// <code>
/// §2.1 UDP-encapsulated ESP        §2.2 IKE header format
///  | Src Port | Dst Port |          | Src Port | Dst Port |
///  | Length   | Checksum |          | Length   | Checksum |
///  | ESP header [RFC 4303] ...      | Non-ESP Marker (0x00000000) |
///                                   | IKE header [RFC 7296] ...
/// </code>
/// "The SPI value of zero (0) is reserved": a zero first word marks IKE, never ESP.
/// </summary>
internal static class UdpEncapsulation
{
    public const int NonEspMarkerLength = 4;

    /// <summary>§2.3: "The sender MUST use a one-octet-long payload with the value 0xFF."</summary>
    public const byte KeepaliveByte = 0xFF;

    /// <summary>ESP header (SPI, sequence number) is the least an ESP datagram can carry.</summary>
    private const int MinimumEsp = 8;

    public static UdpPayloadKind Classify(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
        {
            return payload[0] == KeepaliveByte ? UdpPayloadKind.Keepalive : UdpPayloadKind.Malformed;
        }

        if (payload.Length < MinimumEsp)
        {
            return UdpPayloadKind.Malformed;
        }

        return BinaryPrimitives.ReadUInt32BigEndian(payload) == 0 ? UdpPayloadKind.Ike : UdpPayloadKind.Esp;
    }
}
