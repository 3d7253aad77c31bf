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

        // The least of three rounds: a per-packet allocation shows in every round, while the
        // runtime's own one-off work on this thread (tiered recompilation under load) shows in one.
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                RoundTrip(outbound, inbound, packet, buffer);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
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
