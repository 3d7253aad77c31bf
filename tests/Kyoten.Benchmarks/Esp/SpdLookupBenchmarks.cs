using System.Net;
using BenchmarkDotNet.Attributes;
using Kyoten.Esp;

namespace Kyoten.Benchmarks.Esp;

/// <summary>SPD lookup cost with 64 site policies (linear scan over the specificity-sorted snapshot).</summary>
[MemoryDiagnoser]
public class SpdLookupBenchmarks
{
    private readonly SecurityPolicyDatabase _spd = new();
    private byte[] _packet = [];

    [GlobalSetup]
    public void Setup()
    {
        TrafficSelector local = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.0.0"), 24);
        for (int i = 1; i <= 64; i++)
        {
            _spd.Add(new SpdEntry(local, TrafficSelector.FromPrefix(IPAddress.Parse($"198.19.{i}.0"), 24), SpdAction.Protect, handle: i));
        }

        _packet = new byte[60];
        _packet[0] = 0x45;
        _packet[3] = 60;
        _packet[9] = 6;
        IPAddress.Parse("198.18.0.10").GetAddressBytes().CopyTo(_packet, 12);
        IPAddress.Parse("198.19.64.20").GetAddressBytes().CopyTo(_packet, 16);
    }

    [Benchmark]
    public int LookupLastEntry() => _spd.Lookup(_packet)?.Handle ?? -1;
}
