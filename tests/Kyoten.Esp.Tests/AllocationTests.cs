namespace Kyoten.Esp.Tests;

/// <summary>The per-packet path allocates nothing once warm (STYLE.md hot-path rule).</summary>
public sealed class AllocationTests
{
    public static TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int> Matrix => AlgorithmMatrix.All();

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ProtectAndUnprotect_AllocateNothingPerPacket(IpsecProtocol protocol, IpsecMode mode, EspAlgorithm esp, AhAlgorithm ah, int version)
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(protocol, mode, esp, ah, tunnelVersion: version));
        byte[] packet = TestPackets.Udp(version, 1000);
        byte[] buffer = new byte[OutboundSa.Headroom + packet.Length + OutboundSa.Tailroom];
        for (int i = 0; i < 20; i++)
        {
            RoundTrip(outbound, inbound, packet, buffer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            RoundTrip(outbound, inbound, packet, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RoundTrip(OutboundSa outbound, InboundSa inbound, byte[] packet, byte[] buffer)
    {
        packet.CopyTo(buffer, OutboundSa.Headroom);
        if (outbound.Protect(buffer, OutboundSa.Headroom, packet.Length, out int offset, out int length) != ProtectResult.Ok
            || inbound.Unprotect(buffer.AsSpan(offset, length), out _, out _) != UnprotectResult.Ok)
        {
            Assert.Fail("round trip failed");
        }
    }
}
