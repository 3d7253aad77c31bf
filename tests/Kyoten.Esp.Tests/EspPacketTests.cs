using System.Buffers.Binary;
using System.Net;

namespace Kyoten.Esp.Tests;

/// <summary>Helpers the data path uses around ESP-in-IP (raw protocol 50).</summary>
public sealed class EspPacketTests
{
    [Fact]
    public void WriteOuterIpHeader_IPv4_WrapsAnEspPacketIntoAValidDatagram()
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel));
        byte[] esp = TestSas.Protect(outbound, TestPackets.Udp(4, 100));
        byte[] datagram = new byte[20 + esp.Length];

        int header = EspPacket.WriteOuterIpHeader(datagram, IPAddress.Parse("192.0.2.1"), IPAddress.Parse("203.0.113.2"), EspConstants.IpProtocolEsp, esp.Length, identification: 7);
        esp.CopyTo(datagram, header);

        Assert.Equal(20, header);
        Assert.Equal(0, InternetChecksum.Compute(datagram.AsSpan(0, 20)));
        Assert.Equal(datagram.Length, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)));
        Assert.True(EspPacket.TryReadSpiFromIpPacket(datagram, out byte protocol, out uint spi));
        Assert.Equal(EspConstants.IpProtocolEsp, protocol);
        Assert.Equal(outbound.Spi, spi);
        Assert.True(EspPacket.TryLocateInIpPacket(datagram, out protocol, out int offset, out int length));
        Assert.Equal((header, esp.Length), (offset, length));
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, datagram.AsSpan(offset, length).ToArray(), out _));
    }

    [Fact]
    public void WriteOuterIpHeader_IPv6_SetsPayloadLengthNextHeaderAndClass()
    {
        byte[] header = new byte[40];

        int length = EspPacket.WriteOuterIpHeader(header, IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"), EspConstants.IpProtocolEsp, 1000, trafficClass: 0xb8, ttl: 32);

        Assert.Equal(40, length);
        Assert.Equal(0x6b, header[0]);
        Assert.Equal(0x80, header[1]);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4)));
        Assert.Equal(EspConstants.IpProtocolEsp, header[6]);
        Assert.Equal(32, header[7]);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), new IPAddress(header.AsSpan(24, 16)));
    }

    [Fact]
    public void TryReadSpiFromIpPacket_RefusesOtherProtocolsAndTruncation()
    {
        byte[] udp = TestPackets.Udp(4, 20);

        Assert.False(EspPacket.TryReadSpiFromIpPacket(udp, out _, out _));
        Assert.False(EspPacket.TryReadSpiFromIpPacket(udp.AsSpan(0, 10), out _, out _));
        Assert.False(EspPacket.TryLocateInIpPacket(udp, out _, out _, out _));
    }
}
