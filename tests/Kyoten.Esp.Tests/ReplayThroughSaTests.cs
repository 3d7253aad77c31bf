namespace Kyoten.Esp.Tests;

/// <summary>Anti-replay as the data path sees it: counted drops, ICV before window update, ESN roll-over end to end.</summary>
public sealed class ReplayThroughSaTests
{
    [Fact]
    public void ReplayedPacket_IsDroppedAndCounted()
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel));
        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(4, 40));

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out _));
        Assert.Equal(UnprotectResult.Replayed, TestSas.Unprotect(inbound, wire, out byte[] inner));

        Assert.Empty(inner);
        Assert.Equal(1, inbound.GetDropCount(UnprotectResult.Replayed));
        Assert.Equal(1, inbound.Packets);
    }

    [Theory]
    [MemberData(nameof(EspAlgorithms))]
    public void PacketWithBadIcv_DoesNotAdvanceTheWindow(EspAlgorithm algorithm)
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, algorithm));
        byte[] first = TestSas.Protect(outbound, TestPackets.Udp(4, 40));
        byte[] second = TestSas.Protect(outbound, TestPackets.Udp(4, 40));
        byte[] forged = (byte[])second.Clone();
        forged[^1] ^= 0x80;
        // A forgery far ahead must not move the window either.
        byte[] farForged = (byte[])second.Clone();
        farForged[7] = 0x77;

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, first, out _));
        Assert.Equal(UnprotectResult.AuthFailed, TestSas.Unprotect(inbound, forged, out _));
        Assert.Equal(UnprotectResult.AuthFailed, TestSas.Unprotect(inbound, farForged, out _));
        Assert.Equal(1UL, inbound.HighestSequenceNumber);
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, second, out _));
        Assert.Equal(2, inbound.GetDropCount(UnprotectResult.AuthFailed));
    }

    public static TheoryData<EspAlgorithm> EspAlgorithms => AlgorithmMatrix.EspAlgorithms();

    [Theory]
    [InlineData(IpsecProtocol.Esp)]
    [InlineData(IpsecProtocol.Ah)]
    public void EsnRollOver_AcrossTheHigh32Bits_EndToEnd(IpsecProtocol protocol)
    {
        SaParameters parameters = TestSas.Parameters(protocol, IpsecMode.Tunnel, esn: true);
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(parameters);
        outbound.SetNextSequenceNumber(0xFFFF_FFFE);
        inbound.ResetReplayWindow(0xFFFF_FFFD);
        byte[][] wires = [.. Enumerable.Range(0, 4).Select(i => TestSas.Protect(outbound, TestPackets.Udp(4, 30 + i)))];

        // Delivered out of order across the boundary: 2^32, then 2^32 − 1, 2^32 − 2, 2^32 + 1.
        foreach (int i in new[] { 2, 1, 0, 3 })
        {
            Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wires[i], out _));
        }

        Assert.Equal(0x1_0000_0001UL, inbound.HighestSequenceNumber);
        Assert.Equal(UnprotectResult.Replayed, TestSas.Unprotect(inbound, wires[2], out _));
        Assert.False(outbound.SequenceExhausted);
    }

    [Fact]
    public void WithoutEsn_TheHighBitsAreNotInTheIcv_SoAMismatchedPeerFails()
    {
        SaParameters sender = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesCbc256HmacSha256, esn: true);
        var receiver = new InboundSa(new SaParameters
        {
            Spi = sender.Spi,
            EspAlgorithm = sender.EspAlgorithm,
            EncryptionKey = sender.EncryptionKey,
            IntegrityKey = sender.IntegrityKey,
            ExtendedSequenceNumbers = false,
        });
        using var outbound = new OutboundSa(sender);
        outbound.SetNextSequenceNumber(0x1_0000_0002);

        Assert.Equal(UnprotectResult.AuthFailed, TestSas.Unprotect(receiver, TestSas.Protect(outbound, TestPackets.Udp(4, 10)), out _));
    }
}
