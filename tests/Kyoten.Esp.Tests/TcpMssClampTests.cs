using System.Buffers.Binary;

namespace Kyoten.Esp.Tests;

public sealed class TcpMssClampTests
{
    [Theory]
    [InlineData(4, 0)]
    [InlineData(4, 1)]
    [InlineData(6, 0)]
    [InlineData(6, 3)]
    public void LargerMss_IsLowered_AndTheChecksumStaysValid(int version, int leadingNops)
    {
        byte[] syn = version == 4
            ? TestPackets.TcpSyn(TestPackets.SiteA4, TestPackets.SiteB4, 1460, leadingNops)
            : TestPackets.TcpSyn(TestPackets.SiteA6, TestPackets.SiteB6, 1440, leadingNops);
        Assert.True(TestPackets.TransportChecksumValid(syn));

        Assert.True(TcpMssClamp.Apply(syn, 1360));

        int tcp = version == 4 ? 20 : 40;
        Assert.Equal(1360, BinaryPrimitives.ReadUInt16BigEndian(syn.AsSpan(tcp + 22 + leadingNops)));
        Assert.True(TestPackets.TransportChecksumValid(syn));
    }

    [Fact]
    public void SmallerMss_NonSyn_AndNonTcp_AreLeftAlone()
    {
        byte[] small = TestPackets.TcpSyn(TestPackets.SiteA4, TestPackets.SiteB4, 1200);
        byte[] ack = TestPackets.TcpSyn(TestPackets.SiteA4, TestPackets.SiteB4, 1460);
        ack[33] = 0x10;
        byte[] udp = TestPackets.Udp(4, 40);
        byte[] before = (byte[])udp.Clone();

        Assert.False(TcpMssClamp.Apply(small, 1360));
        Assert.False(TcpMssClamp.Apply(ack, 1360));
        Assert.False(TcpMssClamp.Apply(udp, 1360));
        Assert.Equal(before, udp);
        Assert.False(TcpMssClamp.Apply([0x45], 1360));
    }

    [Fact]
    public void IncrementalUpdate_MatchesRfc1624Example()
    {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000.
        Assert.Equal(0x0000, InternetChecksum.Update(0xdd2f, 0x5555, 0x3285));
    }
}
