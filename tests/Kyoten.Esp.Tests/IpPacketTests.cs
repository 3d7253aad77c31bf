using System.Buffers.Binary;
using System.Net;

namespace Kyoten.Esp.Tests;

public sealed class IpPacketTests
{
    [Fact]
    public void IPv4Udp_ExposesAddressesProtocolAndPorts()
    {
        byte[] packet = TestPackets.Udp(IPAddress.Parse("198.18.1.10"), IPAddress.Parse("198.18.2.20"), 1234, 53, [1, 2, 3]);

        Assert.True(IpPacket.TryParse(packet, out IpPacket ip));

        Assert.Equal(4, ip.Version);
        Assert.Equal(IPAddress.Parse("198.18.1.10"), new IPAddress(ip.Source));
        Assert.Equal(IPAddress.Parse("198.18.2.20"), new IPAddress(ip.Destination));
        Assert.Equal(17, ip.Protocol);
        Assert.True(ip.HasPorts);
        Assert.Equal(1234, ip.SourcePort);
        Assert.Equal(53, ip.DestinationPort);
        Assert.Equal(packet.Length, ip.TotalLength);
        Assert.True(ip.DontFragment);
        Assert.False(ip.IsFragment);
    }

    [Fact]
    public void IPv6_WalksHopByHopAndFragmentHeadersToTheUpperLayer()
    {
        byte[] udp = TestPackets.Udp(IPAddress.Parse("2001:db8:1::1"), IPAddress.Parse("2001:db8:2::2"), 5000, 6000, [9, 9]);
        byte[] upper = udp[40..];
        // Hop-by-Hop (8 octets, next = Fragment), Fragment (8 octets, offset 0, next = UDP).
        byte[] extensions = [44, 0, 1, 4, 0, 0, 0, 0, 17, 0, 0, 1, 0, 0, 0, 7];
        byte[] packet = [.. udp[..40], .. extensions, .. upper];
        packet[6] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(extensions.Length + upper.Length));

        Assert.True(IpPacket.TryParse(packet, out IpPacket ip));

        Assert.Equal(6, ip.Version);
        Assert.Equal(17, ip.Protocol);
        Assert.Equal(56, ip.TransportOffset);
        Assert.Equal(40, ip.NetworkHeaderLength);
        Assert.True(ip.IsFragment);
        Assert.Equal(6000, ip.DestinationPort);
    }

    [Fact]
    public void NonInitialFragment_HasNoPorts()
    {
        byte[] packet = TestPackets.Udp(4, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 0x0010);

        Assert.True(IpPacket.TryParse(packet, out IpPacket ip));
        Assert.True(ip.IsFragment);
        Assert.False(ip.HasPorts);
        Assert.False(ip.DontFragment);
    }

    [Fact]
    public void IcmpTypeAndCode_AreTheSelectorPort()
    {
        byte[] echo = TestPackets.Build(IPAddress.Parse("198.18.1.1"), IPAddress.Parse("198.18.2.2"), 1, [8, 0, 0, 0, 0, 1, 0, 1]);

        Assert.True(IpPacket.TryParse(echo, out IpPacket ip));
        Assert.Equal(0x0800, ip.SourcePort);
        Assert.Equal(0x0800, ip.DestinationPort);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void EveryPrefix_FailsCleanly(int version)
    {
        byte[] packet = TestPackets.Udp(version, 12);
        for (int length = 0; length < packet.Length; length++)
        {
            Assert.False(IpPacket.TryParse(packet.AsSpan(0, length), out _), $"prefix {length}");
        }

        Assert.True(IpPacket.TryParse(packet, out _));
    }

    [Fact]
    public void BadVersionAndBadIhl_AreRejected()
    {
        byte[] packet = TestPackets.Udp(4, 12);
        packet[0] = 0x44;
        Assert.False(IpPacket.TryParse(packet, out _));
        packet[0] = 0x55;
        Assert.False(IpPacket.TryParse(packet, out _));
    }
}
