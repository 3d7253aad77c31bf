using System.Buffers.Binary;
using System.Net;

namespace Kyoten.Esp.Tests;

/// <summary>Builds well-formed test packets (documentation addresses only: RFC 5737 / RFC 3849, RFC 2544).</summary>
internal static class TestPackets
{
    public static readonly IPAddress SiteA4 = IPAddress.Parse("198.18.1.10");
    public static readonly IPAddress SiteB4 = IPAddress.Parse("198.18.2.20");
    public static readonly IPAddress SiteA6 = IPAddress.Parse("2001:db8:1::10");
    public static readonly IPAddress SiteB6 = IPAddress.Parse("2001:db8:2::20");

    public static byte[] Udp(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload) =>
        Build(source, destination, 17, UdpSegment(sourcePort, destinationPort, payload));

    public static byte[] Udp(int version, int payloadLength, byte fill = 0x5a, ushort destinationPort = 53)
    {
        byte[] payload = Enumerable.Range(0, payloadLength).Select(i => (byte)(fill + i)).ToArray();
        return version == 4
            ? Udp(SiteB4, SiteA4, 40000, destinationPort, payload)
            : Udp(SiteB6, SiteA6, 40000, destinationPort, payload);
    }

    /// <summary>A TCP SYN with an MSS option, optionally preceded by NOPs (to test unaligned options).</summary>
    public static byte[] TcpSyn(IPAddress source, IPAddress destination, ushort mss, int leadingNops = 0)
    {
        int optionLength = (leadingNops + 4 + 3) / 4 * 4;
        byte[] tcp = new byte[20 + optionLength];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 50000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), 443);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), 0x11223344);
        tcp[12] = (byte)((tcp.Length / 4) << 4);
        tcp[13] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 64240);
        for (int i = 0; i < leadingNops; i++)
        {
            tcp[20 + i] = 1;
        }

        tcp[20 + leadingNops] = 2;
        tcp[21 + leadingNops] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(22 + leadingNops), mss);
        for (int i = 24 + leadingNops; i < tcp.Length; i++)
        {
            tcp[i] = 0;
        }

        return Build(source, destination, 6, tcp);
    }

    /// <summary>IPv4 or IPv6 header + upper-layer segment, with the transport checksum at <paramref name="checksumOffset"/> filled in.</summary>
    public static byte[] Build(IPAddress source, IPAddress destination, byte protocol, byte[] segment, int checksumOffset = -1, bool dontFragment = true)
    {
        byte[] src = source.GetAddressBytes();
        byte[] dst = destination.GetAddressBytes();
        if (checksumOffset < 0)
        {
            checksumOffset = protocol switch { 6 => 16, 17 => 6, 58 => 2, _ => -1 };
        }

        if (checksumOffset >= 0)
        {
            segment[checksumOffset] = 0;
            segment[checksumOffset + 1] = 0;
            ulong sum = InternetChecksum.PseudoHeader(src, dst, protocol, segment.Length);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(checksumOffset), InternetChecksum.Finish(InternetChecksum.Accumulate(sum, segment)));
        }

        if (src.Length == 4)
        {
            byte[] packet = new byte[20 + segment.Length];
            packet[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 0x1234);
            packet[6] = dontFragment ? (byte)0x40 : (byte)0;
            packet[8] = 64;
            packet[9] = protocol;
            src.CopyTo(packet, 12);
            dst.CopyTo(packet, 16);
            InternetChecksum.RewriteIPv4Header(packet.AsSpan(0, 20));
            segment.CopyTo(packet, 20);
            return packet;
        }

        byte[] v6 = new byte[40 + segment.Length];
        v6[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)segment.Length);
        v6[6] = protocol;
        v6[7] = 64;
        src.CopyTo(v6, 8);
        dst.CopyTo(v6, 24);
        segment.CopyTo(v6, 40);
        return v6;
    }

    /// <summary>True when the TCP/UDP checksum of <paramref name="packet"/> verifies.</summary>
    public static bool TransportChecksumValid(byte[] packet)
    {
        Assert.True(IpPacket.TryParse(packet, out IpPacket ip));
        ReadOnlySpan<byte> segment = packet.AsSpan(ip.TransportOffset, ip.TotalLength - ip.TransportOffset);
        ulong sum = InternetChecksum.PseudoHeader(ip.Source, ip.Destination, ip.Protocol, segment.Length);
        return InternetChecksum.Finish(InternetChecksum.Accumulate(sum, segment)) == 0;
    }

    /// <summary>Places <paramref name="packet"/> in a buffer with the SA headroom/tailroom around it.</summary>
    public static byte[] InBuffer(byte[] packet, int headroom = OutboundSa.Headroom, int tailroom = OutboundSa.Tailroom)
    {
        byte[] buffer = new byte[headroom + packet.Length + tailroom];
        packet.CopyTo(buffer, headroom);
        return buffer;
    }

    private static byte[] UdpSegment(ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        byte[] udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        return udp;
    }
}
