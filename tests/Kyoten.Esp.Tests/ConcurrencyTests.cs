using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Kyoten.Esp.Tests;

/// <summary>Several data-path threads sharing one SA pair: unique sequence numbers, every packet accepted once.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(EspAlgorithm.AesGcm256)]
    [InlineData(EspAlgorithm.AesCbc256HmacSha256)]
    public async Task ParallelProtectAndUnprotect_LoseAndDuplicateNothing(EspAlgorithm algorithm)
    {
        const int Threads = 4;
        const int PerThread = 400;
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, algorithm, window: 4096));
        var wires = new ConcurrentBag<byte[]>();
        CancellationToken token = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(
            () =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    wires.Add(TestSas.Protect(outbound, TestPackets.Udp(4, 20 + (i % 50), fill: (byte)t)));
                }
            },
            token)));

        byte[][] all = [.. wires];
        Assert.Equal(Threads * PerThread, all.Select(w => BinaryPrimitives.ReadUInt32BigEndian(w.AsSpan(4))).Distinct().Count());

        int accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(
            () =>
            {
                // Every thread offers every packet: each must be accepted exactly once overall.
                foreach (byte[] wire in all)
                {
                    if (TestSas.Unprotect(inbound, wire, out _) == UnprotectResult.Ok)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                }
            },
            token)));

        Assert.Equal(Threads * PerThread, accepted);
        Assert.Equal((Threads - 1) * Threads * PerThread, inbound.GetDropCount(UnprotectResult.Replayed));
        Assert.Equal((ulong)(Threads * PerThread), inbound.HighestSequenceNumber);
    }
}
