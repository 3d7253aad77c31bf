using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Kyoten.Esp;

namespace Kyoten.Benchmarks.Esp;

/// <summary>
/// Per-packet cost of ESP tunnel-mode Protect and Unprotect on a 1400-octet inner packet, per algorithm.
/// Run: dotnet run -c Release --project tests/Kyoten.Benchmarks -- --filter '*Esp*' [--job short].
/// Unprotect cycles through pre-protected packets (a packet is accepted only once): each call copies one
/// 1.4 KB packet into the work buffer (≈30 ns) and the replay window is reset, via the internal test hook,
/// whenever the set wraps. UnprotectRoundTrip is Protect + Unprotect of the same packet.
/// </summary>
[MemoryDiagnoser]
public class EspProtectBenchmarks
{
    private const int InnerLength = 1400;
    private const int PreparedPackets = 4096;
    private byte[][] _prepared = [];
    private int _next;
    private byte[] _inner = [];
    private byte[] _buffer = [];
    private OutboundSa _outbound = null!;
    private InboundSa _inbound = null!;

    [Params(
        EspAlgorithm.AesGcm128,
        EspAlgorithm.AesGcm256,
        EspAlgorithm.ChaCha20Poly1305,
        EspAlgorithm.AesCbc128HmacSha256,
        EspAlgorithm.AesCbc256HmacSha256,
        EspAlgorithm.AesCbc256HmacSha384,
        EspAlgorithm.AesCbc256HmacSha512,
        EspAlgorithm.NullHmacSha256,
        EspAlgorithm.NullHmacSha384,
        EspAlgorithm.NullHmacSha512)]
    public EspAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parameters = new SaParameters
        {
            Spi = 0x1000_0001,
            Protocol = IpsecProtocol.Esp,
            Mode = IpsecMode.Tunnel,
            EspAlgorithm = Algorithm,
            EncryptionKey = RandomNumberGenerator.GetBytes(KeyLength(Algorithm)),
            IntegrityKey = RandomNumberGenerator.GetBytes(IntegrityKeyLength(Algorithm)),
            ExtendedSequenceNumbers = true,
        };
        _outbound = new OutboundSa(parameters);
        _inbound = new InboundSa(parameters);
        _inner = BuildInner();
        _buffer = new byte[OutboundSa.Headroom + InnerLength + OutboundSa.Tailroom];
        using var sender = new OutboundSa(parameters);
        _prepared = new byte[PreparedPackets][];
        for (int i = 0; i < PreparedPackets; i++)
        {
            _inner.CopyTo(_buffer, OutboundSa.Headroom);
            sender.Protect(_buffer, OutboundSa.Headroom, InnerLength, out int offset, out int length);
            _prepared[i] = _buffer.AsSpan(offset, length).ToArray();
        }

        // Fail loudly rather than measure a fast rejection path.
        if (Unprotect() != InnerLength)
        {
            throw new InvalidOperationException("bug: prepared packet did not unprotect");
        }

        _next = 0;
        _inbound.ResetReplayWindow(0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _outbound.Dispose();
        _inbound.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Protect()
    {
        _inner.CopyTo(_buffer, OutboundSa.Headroom);
        _outbound.Protect(_buffer, OutboundSa.Headroom, InnerLength, out _, out int length);
        return length;
    }

    [Benchmark]
    public int Unprotect()
    {
        if (_next == PreparedPackets)
        {
            _next = 0;
            _inbound.ResetReplayWindow(0);
        }

        byte[] wire = _prepared[_next++];
        Span<byte> work = _buffer.AsSpan(0, wire.Length);
        wire.CopyTo(work);
        _inbound.Unprotect(work, out _, out int innerLength);
        return innerLength;
    }

    [Benchmark]
    public int UnprotectRoundTrip()
    {
        _inner.CopyTo(_buffer, OutboundSa.Headroom);
        _outbound.Protect(_buffer, OutboundSa.Headroom, InnerLength, out int offset, out int length);
        _inbound.Unprotect(_buffer.AsSpan(offset, length), out _, out int innerLength);
        return innerLength;
    }

    private static byte[] BuildInner()
    {
        byte[] packet = new byte[InnerLength];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), InnerLength);
        packet[8] = 64;
        packet[9] = 17;
        IPAddress.Parse("198.18.1.10").GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse("198.18.2.20").GetAddressBytes().CopyTo(packet, 16);
        return packet;
    }

    private static int KeyLength(EspAlgorithm algorithm) => algorithm switch
    {
        EspAlgorithm.AesGcm128 => 20,
        EspAlgorithm.AesGcm256 or EspAlgorithm.ChaCha20Poly1305 => 36,
        EspAlgorithm.AesCbc128HmacSha256 => 16,
        EspAlgorithm.AesCbc256HmacSha256 or EspAlgorithm.AesCbc256HmacSha384 or EspAlgorithm.AesCbc256HmacSha512 => 32,
        _ => 0,
    };

    private static int IntegrityKeyLength(EspAlgorithm algorithm) => algorithm switch
    {
        EspAlgorithm.AesCbc128HmacSha256 or EspAlgorithm.AesCbc256HmacSha256 or EspAlgorithm.NullHmacSha256 => 32,
        EspAlgorithm.AesCbc256HmacSha384 or EspAlgorithm.NullHmacSha384 => 48,
        EspAlgorithm.AesCbc256HmacSha512 or EspAlgorithm.NullHmacSha512 => 64,
        _ => 0,
    };
}
