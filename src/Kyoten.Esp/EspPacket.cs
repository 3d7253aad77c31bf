using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kyoten.Esp;

/// <summary>
/// Wire helpers around ESP packets for the data path.
/// <code>
/// RFC 4303 §2:
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               Security Parameters Index (SPI)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Sequence Number                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    IV + Payload Data (variable)               |
/// ~               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               |     Padding (0-255 bytes)                     |
/// +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                               |  Pad Length   | Next Header   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Integrity Check Value-ICV   (variable)                |
/// </code>
/// </summary>
public static class EspPacket
{
    /// <summary>SPI + Sequence Number.</summary>
    public const int HeaderLength = 8;

    /// <summary>RFC 4303 §2.6: Next Header 59 marks a dummy packet to be discarded after verification.</summary>
    public const byte NextHeaderDummy = 59;

    /// <summary>
    /// Reads the SPI of an ESP packet (as received over UDP 4500 after the UDP header, or after the IP
    /// header for raw protocol 50). False when shorter than 8 octets or SPI = 0 (RFC 3948 §2.2: a zero
    /// "SPI" on port 4500 is the non-ESP marker of an IKE message, and SPIs 1–255 are reserved).
    /// </summary>
    public static bool TryReadSpi(ReadOnlySpan<byte> espPacket, out uint spi)
    {
        spi = 0;
        if (espPacket.Length < HeaderLength)
        {
            return false;
        }

        spi = BinaryPrimitives.ReadUInt32BigEndian(espPacket);
        return spi > 255;
    }

    /// <summary>
    /// Reads protocol (50 or 51) and SPI from a complete IP packet carrying ESP or AH directly after the
    /// fixed IPv6 header or the IPv4 header (the input of transport-mode and AH unprotect).
    /// </summary>
    public static bool TryReadSpiFromIpPacket(ReadOnlySpan<byte> ipPacket, out byte protocol, out uint spi)
    {
        protocol = 0;
        spi = 0;
        if (!TryReadNetworkHeader(ipPacket, out int headerLength, out protocol, out int total))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = ipPacket[headerLength..total];
        if (protocol == EspConstants.IpProtocolEsp)
        {
            return TryReadSpi(rest, out spi);
        }

        if (protocol == EspConstants.IpProtocolAh && rest.Length >= 12)
        {
            spi = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
            return spi > 255;
        }

        return false;
    }

    /// <summary>
    /// Finds the IPsec payload in a packet received on a raw socket: for IPv4 after the header (with
    /// options), for IPv6 after the fixed header. For ESP tunnel mode pass
    /// ipPacket[offset .. offset + length] to <see cref="InboundSa.Unprotect"/>; for transport mode and AH
    /// pass the whole IP packet. False when the packet is truncated or carries neither ESP nor AH there.
    /// </summary>
    public static bool TryLocateInIpPacket(ReadOnlySpan<byte> ipPacket, out byte protocol, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        if (!TryReadNetworkHeader(ipPacket, out int headerLength, out protocol, out int total)
            || protocol is not (EspConstants.IpProtocolEsp or EspConstants.IpProtocolAh))
        {
            return false;
        }

        offset = headerLength;
        length = total - headerLength;
        return true;
    }

    /// <summary>
    /// Writes a minimal outer IPv4 (20 octets) or IPv6 (40 octets) header for raw ESP (protocol 50) or
    /// UDP: total/payload length, protocol, TTL/hop limit and (IPv4) the header checksum. The Identification
    /// field is the caller's. Returns the header length; throws when <paramref name="destination"/> is too small
    /// or the families differ (setup bugs, not packet input).
    /// </summary>
    public static int WriteOuterIpHeader(Span<byte> destination, IPAddress source, IPAddress target, byte protocol, int payloadLength, byte trafficClass = 0, byte ttl = 64, ushort identification = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.AddressFamily != target.AddressFamily)
        {
            throw new ArgumentException("source and destination must be of one family", nameof(target));
        }

        Span<byte> src = stackalloc byte[16];
        Span<byte> dst = stackalloc byte[16];
        source.TryWriteBytes(src, out int length);
        target.TryWriteBytes(dst, out _);
        return WriteOuterIpHeader(destination, src[..length], dst[..length], protocol, payloadLength, trafficClass, ttl, identification);
    }

    /// <summary>As the <see cref="IPAddress"/> overload, from address octets (4 or 16 each): no allocation per packet.</summary>
    public static int WriteOuterIpHeader(Span<byte> destination, ReadOnlySpan<byte> source, ReadOnlySpan<byte> target, byte protocol, int payloadLength, byte trafficClass = 0, byte ttl = 64, ushort identification = 0)
    {
        if (source.Length == 4)
        {
            // RFC 791 §3.1, no options; DF clear so the path may fragment the outer packet.
            Span<byte> h = destination[..IpPacket.IPv4HeaderLength];
            h[0] = 0x45;
            h[1] = trafficClass;
            BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)(IpPacket.IPv4HeaderLength + payloadLength));
            BinaryPrimitives.WriteUInt16BigEndian(h[4..], identification);
            h[6] = 0;
            h[7] = 0;
            h[8] = ttl;
            h[9] = protocol;
            source.CopyTo(h[12..]);
            target.CopyTo(h[16..]);
            InternetChecksum.RewriteIPv4Header(h);
            return IpPacket.IPv4HeaderLength;
        }

        // RFC 8200 §3; flow label 0.
        Span<byte> v6 = destination[..IpPacket.IPv6HeaderLength];
        v6[0] = (byte)(0x60 | (trafficClass >> 4));
        v6[1] = (byte)(trafficClass << 4);
        v6[2] = 0;
        v6[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(v6[4..], (ushort)payloadLength);
        v6[6] = protocol;
        v6[7] = ttl;
        source.CopyTo(v6[8..]);
        target.CopyTo(v6[24..]);
        return IpPacket.IPv6HeaderLength;
    }

    /// <summary>
    /// The fixed network header only (IPv4 with options, IPv6 without walking extensions): where
    /// ESP/AH sits in transport mode and behind an AH tunnel header.
    /// </summary>
    internal static bool TryReadNetworkHeader(ReadOnlySpan<byte> packet, out int headerLength, out byte protocol, out int totalLength)
    {
        headerLength = 0;
        protocol = 0;
        totalLength = 0;
        if (packet.IsEmpty)
        {
            return false;
        }

        int version = packet[0] >> 4;
        if (version == 4 && packet.Length >= IpPacket.IPv4HeaderLength)
        {
            headerLength = (packet[0] & 0x0f) * 4;
            totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
            protocol = packet[9];
            return headerLength >= IpPacket.IPv4HeaderLength && totalLength >= headerLength && totalLength <= packet.Length;
        }

        if (version == 6 && packet.Length >= IpPacket.IPv6HeaderLength)
        {
            headerLength = IpPacket.IPv6HeaderLength;
            totalLength = IpPacket.IPv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
            protocol = packet[6];
            return totalLength <= packet.Length;
        }

        return false;
    }

    /// <summary>Sets protocol/next header and length fields after ESP/AH was inserted or removed (IPv4 checksum too).</summary>
    internal static void RewriteNetworkHeader(Span<byte> packet, int headerLength, byte protocol, int totalLength)
    {
        if ((packet[0] >> 4) == 4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)totalLength);
            packet[9] = protocol;
            InternetChecksum.RewriteIPv4Header(packet[..headerLength]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(totalLength - IpPacket.IPv6HeaderLength));
            packet[6] = protocol;
        }
    }

    /// <summary>IPv4 addresses are 4 octets, IPv6 16; the family of the inner packet for Next Header.</summary>
    internal static byte NextHeaderFor(int version) => version == 4 ? (byte)4 : (byte)41;

    internal static AddressFamily FamilyOf(int version) => version == 4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
}
