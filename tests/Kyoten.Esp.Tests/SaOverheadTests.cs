namespace Kyoten.Esp.Tests;

/// <summary>The overhead is an exact worst case: never exceeded, and reached by some payload length.</summary>
public sealed class SaOverheadTests
{
    public static TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int> Matrix => AlgorithmMatrix.All();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Overhead_IsTheMaximumGrowthOverAllPaddingPhases(IpsecProtocol protocol, IpsecMode mode, EspAlgorithm esp, AhAlgorithm ah, int version)
    {
        SaParameters parameters = TestSas.Parameters(protocol, mode, esp, ah, tunnelVersion: version);
        using var outbound = new OutboundSa(parameters);
        bool espTunnel = protocol == IpsecProtocol.Esp && mode == IpsecMode.Tunnel;
        int outerIp = mode == IpsecMode.Tunnel ? (version == 4 ? 20 : 40) : 0;
        int maxGrowth = 0;
        for (int size = 1; size <= 40; size++)
        {
            byte[] packet = TestPackets.Udp(version, size);
            byte[] wire = TestSas.Protect(outbound, packet);
            maxGrowth = Math.Max(maxGrowth, wire.Length + (espTunnel ? outerIp : 0) - packet.Length);
        }

        Assert.Equal(SaOverhead.Compute(parameters, outerIpv6: version == 6, udpEncap: false), maxGrowth);
        if (protocol == IpsecProtocol.Esp)
        {
            Assert.Equal(maxGrowth + 8, SaOverhead.Compute(parameters, outerIpv6: version == 6, udpEncap: true));
        }
    }

    [Fact]
    public void HeadroomAndTailroom_CoverTheLargestCase()
    {
        SaParameters ahV6 = TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Tunnel, ah: AhAlgorithm.HmacSha512, tunnelVersion: 6);
        SaParameters cbc = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesCbc256HmacSha512, tunnelVersion: 6);

        Assert.True(SaOverhead.Compute(ahV6, true, false) <= OutboundSa.Headroom);
        // ESP tunnel: outer IPv6 + UDP are the data path's, in front of SPI|Seq|IV.
        Assert.True(40 + 8 + 8 + 16 <= OutboundSa.Headroom);
        Assert.True(SaOverhead.Compute(cbc, true, true) - (40 + 8 + 8 + 16) <= OutboundSa.Tailroom);
    }
}
