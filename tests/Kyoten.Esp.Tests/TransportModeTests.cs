using System.Buffers.Binary;

namespace Kyoten.Esp.Tests;

/// <summary>Transport-mode details: header rewriting and the IPv6 extension-header limits.</summary>
public sealed class TransportModeTests
{
    [Fact]
    public void IPv6DestinationOptions_TravelInsideTheProtectedPayload()
    {
        byte[] udp = TestPackets.Udp(6, 20);
        byte[] options = [17, 0, 1, 4, 0, 0, 0, 0];
        byte[] packet = [.. udp[..40], .. options, .. udp[40..]];
        packet[6] = 60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Transport));

        byte[] wire = TestSas.Protect(outbound, packet);

        Assert.Equal(EspConstants.IpProtocolEsp, wire[6]);
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] inner));
        Assert.Equal(Hex.Of(packet), Hex.Of(inner));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(43)]
    [InlineData(44)]
    public void IPv6HeadersThatMustPrecedeEsp_AreUnsupported(byte firstExtension)
    {
        byte[] udp = TestPackets.Udp(6, 20);
        byte[] extension = [17, 0, 0, 0, 0, 0, 0, 0];
        byte[] packet = [.. udp[..40], .. extension, .. udp[40..]];
        packet[6] = firstExtension;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
        using var outbound = new OutboundSa(TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Transport));

        Assert.Equal(ProtectResult.Unsupported, outbound.Protect(TestPackets.InBuffer(packet), OutboundSa.Headroom, packet.Length, out _, out _));
    }

    [Fact]
    public void IPv4Options_AreKeptAndTheHeaderChecksumIsValid()
    {
        byte[] udp = TestPackets.Udp(4, 20);
        // IHL 6: one 4-octet option (Router Alert, immutable under AH) after the fixed header.
        byte[] packet = [.. udp[..20], 148, 4, 0, 0, .. udp[20..]];
        packet[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        InternetChecksum.RewriteIPv4Header(packet.AsSpan(0, 24));
        foreach (IpsecProtocol protocol in Enum.GetValues<IpsecProtocol>())
        {
            (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(protocol, IpsecMode.Transport));

            byte[] wire = TestSas.Protect(outbound, packet);

            Assert.Equal(0x46, wire[0]);
            Assert.Equal(0, InternetChecksum.Compute(wire.AsSpan(0, 24)));
            Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] inner));
            Assert.Equal(Hex.Of(packet), Hex.Of(inner));
        }
    }

    [Fact]
    public void AhOverIPv4_NeverSignsAZeroIdentification()
    {
        // A raw IP_HDRINCL send replaces a zero Identification after signing (raw(7)), and AH's ICV
        // covers it (RFC 4302 §3.3.3.1.1.1): the wire must carry a non-zero one, and still verify.
        byte[] packet = TestPackets.Udp(4, 20);
        packet[4] = 0;
        packet[5] = 0;
        InternetChecksum.RewriteIPv4Header(packet.AsSpan(0, 20));
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Transport));

        byte[] wire = TestSas.Protect(outbound, packet);

        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(4)));
        Assert.Equal(0, InternetChecksum.Compute(wire.AsSpan(0, 20)));
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] inner));
        Assert.Equal(Hex.Of(packet[20..]), Hex.Of(inner[20..]));
        Assert.Equal(wire[4..6], inner[4..6]); // the receiver sees the Identification that was signed
    }
}
