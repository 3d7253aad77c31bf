using System.Buffers.Binary;
using System.Net;

namespace Kyoten.Esp.Tests;

public sealed class IcmpErrorsTests
{
    [Fact]
    public void IPv4_FragmentationNeeded_CarriesTheMtuAndTheOffendingHeader()
    {
        byte[] original = TestPackets.Udp(4, 1400);
        byte[] error = new byte[1500];

        int length = IcmpErrors.WriteTooBig(original, 1380, error);

        Assert.Equal(576, length);
        Assert.True(IpPacket.TryParse(error.AsSpan(0, length), out IpPacket ip));
        Assert.Equal(1, ip.Protocol);
        Assert.Equal(TestPackets.SiteB4, new IPAddress(ip.Destination));
        Assert.Equal(TestPackets.SiteA4, new IPAddress(ip.Source));
        Assert.Equal(0, InternetChecksum.Compute(error.AsSpan(0, 20)));
        ReadOnlySpan<byte> icmp = error.AsSpan(20, length - 20);
        Assert.Equal(3, icmp[0]);
        Assert.Equal(4, icmp[1]);
        Assert.Equal(1380, BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]));
        Assert.Equal(0, InternetChecksum.Compute(icmp));
        Assert.True(icmp[8..].SequenceEqual(original.AsSpan(0, icmp.Length - 8)));
    }

    [Fact]
    public void IPv6_PacketTooBig_HasAValidPseudoHeaderChecksumAndFitsTheMinimumMtu()
    {
        byte[] original = TestPackets.Udp(6, 1400);
        byte[] error = new byte[2000];
        byte[] router = IPAddress.Parse("2001:db8:1::1").GetAddressBytes();

        int length = IcmpErrors.WriteTooBig(original, 1380, error, router);

        Assert.Equal(1280, length);
        Assert.True(IpPacket.TryParse(error.AsSpan(0, length), out IpPacket ip));
        Assert.Equal(58, ip.Protocol);
        Assert.Equal(IPAddress.Parse("2001:db8:1::1"), new IPAddress(ip.Source));
        ReadOnlySpan<byte> icmp = error.AsSpan(40, length - 40);
        Assert.Equal(2, icmp[0]);
        Assert.Equal(1380u, BinaryPrimitives.ReadUInt32BigEndian(icmp[4..]));
        ulong sum = InternetChecksum.PseudoHeader(ip.Source, ip.Destination, 58, icmp.Length);
        Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Accumulate(sum, icmp)));
    }

    [Fact]
    public void NoErrorAboutAnError_OrIntoATooSmallBuffer()
    {
        byte[] first = new byte[600];
        int length = IcmpErrors.WriteTooBig(TestPackets.Udp(4, 1400), 1380, first);

        Assert.Equal(0, IcmpErrors.WriteTooBig(first.AsSpan(0, length), 1300, new byte[600]));
        Assert.Equal(0, IcmpErrors.WriteTooBig(TestPackets.Udp(4, 1400), 1380, new byte[100]));
        Assert.Equal(0, IcmpErrors.WriteTooBig([0x45, 0], 1380, new byte[600]));
    }
}
