using System.Buffers.Binary;

namespace Kyoten.Esp.Tests;

/// <summary>Protect then Unprotect gives back the original packet, for every algorithm, protocol, mode and IP version.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int> Matrix => AlgorithmMatrix.All();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ProtectThenUnprotect_ReturnsTheOriginalPacket(IpsecProtocol protocol, IpsecMode mode, EspAlgorithm esp, AhAlgorithm ah, int version)
    {
        SaParameters parameters = TestSas.Parameters(protocol, mode, esp, ah, tunnelVersion: version);
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(parameters);
        using (outbound)
        using (inbound)
        {
            // Several sizes in a row: padding varies, CBC contexts chain across packets, sequence advances.
            foreach (int size in new[] { 1, 17, 100, 1400 })
            {
                byte[] packet = TestPackets.Udp(version, size);

                byte[] wire = TestSas.Protect(outbound, packet);
                AssertWireShape(parameters, packet, wire, version);

                Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] inner));
                Assert.Equal(Hex.Of(packet), Hex.Of(inner));
            }

            Assert.Equal(4UL, outbound.LastSequenceNumber);
            Assert.Equal(4UL, inbound.HighestSequenceNumber);
            Assert.Equal(4, outbound.Packets);
            Assert.Equal(4, inbound.Packets);
            Assert.Equal(outbound.Bytes, inbound.Bytes);
        }
    }

    [Fact]
    public void AhTunnel_CarriesIPv4InsideIPv6()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Tunnel, tunnelVersion: 6);
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(parameters);
        byte[] packet = TestPackets.Udp(4, 64);

        byte[] wire = TestSas.Protect(outbound, packet);

        Assert.Equal(6, wire[0] >> 4);
        Assert.Equal(EspConstants.IpProtocolAh, wire[6]);
        Assert.Equal(4, wire[40]);
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] inner));
        Assert.Equal(Hex.Of(packet), Hex.Of(inner));
    }

    [Fact]
    public void AhIcv_IgnoresMutableFieldsButCoversAddresses()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Transport);
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(parameters);
        byte[] first = TestSas.Protect(outbound, TestPackets.Udp(4, 32));
        byte[] second = TestSas.Protect(outbound, TestPackets.Udp(4, 32));

        // A router decrements TTL and rewrites the checksum: RFC 4302 §3.3.3.1.1.1 says the ICV survives.
        first[8] -= 1;
        InternetChecksum.RewriteIPv4Header(first.AsSpan(0, 20));
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, first, out _));

        // Rewriting the source address must break it.
        second[15] ^= 1;
        InternetChecksum.RewriteIPv4Header(second.AsSpan(0, 20));
        Assert.Equal(UnprotectResult.AuthFailed, TestSas.Unprotect(inbound, second, out _));
    }

    private static void AssertWireShape(SaParameters parameters, byte[] packet, byte[] wire, int version)
    {
        bool espTunnel = parameters.Protocol == IpsecProtocol.Esp && parameters.Mode == IpsecMode.Tunnel;
        int outerIp = parameters.Mode == IpsecMode.Tunnel ? (version == 4 ? 20 : 40) : 0;
        int growth = wire.Length + (espTunnel ? outerIp : 0) - packet.Length;
        Assert.InRange(growth, 1, SaOverhead.Compute(parameters, outerIpv6: version == 6, udpEncap: false));
        if (espTunnel)
        {
            Assert.Equal(parameters.Spi, BinaryPrimitives.ReadUInt32BigEndian(wire));
            return;
        }

        // A complete IP packet with ESP/AH as its protocol and consistent lengths.
        Assert.True(EspPacket.TryReadSpiFromIpPacket(wire, out byte protocol, out uint spi));
        Assert.Equal(parameters.Spi, spi);
        Assert.Equal(parameters.Protocol == IpsecProtocol.Esp ? EspConstants.IpProtocolEsp : EspConstants.IpProtocolAh, protocol);
        if (version == 4)
        {
            Assert.Equal(wire.Length, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(2)));
            Assert.Equal(0, InternetChecksum.Compute(wire.AsSpan(0, 20)));
        }
        else
        {
            Assert.Equal(wire.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4)));
        }

        bool encrypted = parameters.Protocol == IpsecProtocol.Esp && !parameters.EspAlgorithm.ToString().StartsWith("Null", StringComparison.Ordinal);
        if (encrypted && packet.Length > 60)
        {
            // The UDP payload must not appear in clear.
            Assert.Equal(-1, wire.AsSpan().IndexOf(packet.AsSpan(packet.Length - 32)));
        }
    }
}
