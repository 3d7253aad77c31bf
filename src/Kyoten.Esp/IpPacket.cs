using System.Buffers.Binary;

namespace Kyoten.Esp;

/// <summary>
/// A parsed view of an IPv4 or IPv6 packet (no copy). IPv6 extension headers Hop-by-Hop (0), Routing (43),
/// Destination Options (60) and Fragment (44) are walked to find the upper-layer protocol and ports;
/// any other next header is reported as the protocol.
/// </summary>
public readonly ref struct IpPacket
{
    /// <summary>RFC 791 / RFC 8200 versions.</summary>
    public const int IPv4HeaderLength = 20;

    /// <summary>RFC 8200 fixed header length.</summary>
    public const int IPv6HeaderLength = 40;

    private const int MaxExtensionHeaders = 8;

    /// <summary>4 or 6.</summary>
    public int Version { get; private init; }

    /// <summary>Source address, 4 or 16 octets.</summary>
    public ReadOnlySpan<byte> Source { get; private init; }

    /// <summary>Destination address, 4 or 16 octets.</summary>
    public ReadOnlySpan<byte> Destination { get; private init; }

    /// <summary>Upper-layer protocol (after IPv6 extension headers).</summary>
    public byte Protocol { get; private init; }

    /// <summary>IPv4 IHL × 4 (with options) or 40 for IPv6: where ESP/AH is inserted in transport mode.</summary>
    public int NetworkHeaderLength { get; private init; }

    /// <summary>Offset of the upper-layer header (after IPv6 extension headers).</summary>
    public int TransportOffset { get; private init; }

    /// <summary>Length according to the IP header (≤ the buffer).</summary>
    public int TotalLength { get; private init; }

    /// <summary>True for TCP/UDP/SCTP/UDP-Lite with a readable port pair and for ICMP/ICMPv6 type/code.</summary>
    public bool HasPorts { get; private init; }

    public ushort SourcePort { get; private init; }

    public ushort DestinationPort { get; private init; }

    /// <summary>IPv4 MF set or offset ≠ 0, or an IPv6 Fragment header present.</summary>
    public bool IsFragment { get; private init; }

    /// <summary>IPv4 DF bit; always true for IPv6 (routers never fragment).</summary>
    public bool DontFragment { get; private init; }

    /// <summary>Parses without throwing; false when the bytes are not a complete IPv4/IPv6 packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        packet = default;
        if (data.IsEmpty)
        {
            return false;
        }

        return (data[0] >> 4) switch
        {
            4 => TryParseV4(data, out packet),
            6 => TryParseV6(data, out packet),
            _ => false,
        };
    }

    private static bool TryParseV4(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        // RFC 791 §3.1: Version/IHL, TOS, Total Length, Identification, Flags/Fragment Offset,
        // TTL, Protocol, Header Checksum, Source, Destination, Options.
        packet = default;
        if (data.Length < IPv4HeaderLength)
        {
            return false;
        }

        int headerLength = (data[0] & 0x0f) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (headerLength < IPv4HeaderLength || total < headerLength || total > data.Length)
        {
            return false;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        bool fragment = (flags & 0x3fff) != 0;
        bool nonInitial = (flags & 0x1fff) != 0;
        byte protocol = data[9];
        ReadPorts(data[..total], headerLength, protocol, nonInitial, out bool hasPorts, out ushort sport, out ushort dport);
        packet = new IpPacket
        {
            Version = 4,
            Source = data.Slice(12, 4),
            Destination = data.Slice(16, 4),
            Protocol = protocol,
            NetworkHeaderLength = headerLength,
            TransportOffset = headerLength,
            TotalLength = total,
            HasPorts = hasPorts,
            SourcePort = sport,
            DestinationPort = dport,
            IsFragment = fragment,
            DontFragment = (flags & 0x4000) != 0,
        };
        return true;
    }

    private static bool TryParseV6(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        // RFC 8200 §3: Version/Class/Flow (4), Payload Length (2), Next Header, Hop Limit, Source, Destination.
        packet = default;
        if (data.Length < IPv6HeaderLength)
        {
            return false;
        }

        int total = IPv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        if (total > data.Length)
        {
            return false;
        }

        byte next = data[6];
        int offset = IPv6HeaderLength;
        bool fragment = false;
        bool nonInitial = false;
        for (int i = 0; i < MaxExtensionHeaders; i++)
        {
            if (next is 0 or 43 or 60)
            {
                if (offset + 8 > total)
                {
                    return false;
                }

                byte following = data[offset];
                offset += (data[offset + 1] + 1) * 8;
                next = following;
            }
            else if (next == 44)
            {
                // RFC 8200 §4.5: Next Header, Reserved, Fragment Offset/Res/M, Identification.
                if (offset + 8 > total)
                {
                    return false;
                }

                fragment = true;
                nonInitial = (BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) & 0xfff8) != 0;
                next = data[offset];
                offset += 8;
            }
            else
            {
                break;
            }
        }

        if (offset > total)
        {
            return false;
        }

        ReadPorts(data[..total], offset, next, nonInitial, out bool hasPorts, out ushort sport, out ushort dport);
        packet = new IpPacket
        {
            Version = 6,
            Source = data.Slice(8, 16),
            Destination = data.Slice(24, 16),
            Protocol = next,
            NetworkHeaderLength = IPv6HeaderLength,
            TransportOffset = offset,
            TotalLength = total,
            HasPorts = hasPorts,
            SourcePort = sport,
            DestinationPort = dport,
            IsFragment = fragment,
            DontFragment = true,
        };
        return true;
    }

    private static void ReadPorts(ReadOnlySpan<byte> packet, int offset, byte protocol, bool nonInitialFragment, out bool hasPorts, out ushort sport, out ushort dport)
    {
        hasPorts = false;
        sport = 0;
        dport = 0;
        if (nonInitialFragment)
        {
            return;
        }

        if (protocol is 6 or 17 or 132 or 136 && offset + 4 <= packet.Length)
        {
            sport = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            dport = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            hasPorts = true;
        }
        else if (protocol is 1 or 58 && offset + 2 <= packet.Length)
        {
            // RFC 7296 §3.13.1: ICMP Type and Code form one 16-bit "port".
            sport = dport = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            hasPorts = true;
        }
    }
}
