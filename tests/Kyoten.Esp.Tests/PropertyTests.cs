using CsCheck;

namespace Kyoten.Esp.Tests;

/// <summary>The law of the data path: Unprotect(Protect(p)) = p, for random payloads, keys and algorithms.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<IpsecProtocol> Protocols = Gen.Enum<IpsecProtocol>();
    private static readonly Gen<IpsecMode> Modes = Gen.Enum<IpsecMode>();
    private static readonly Gen<EspAlgorithm> EspAlgorithms = Gen.Enum<EspAlgorithm>();
    private static readonly Gen<AhAlgorithm> AhAlgorithms = Gen.Enum<AhAlgorithm>();

    [Fact]
    public void UnprotectOfProtect_IsTheIdentity()
    {
        Gen.Select(Gen.Select(Protocols, Modes, EspAlgorithms, AhAlgorithms), Gen.Int[4, 6].Where(v => v != 5), Gen.Byte.Array[0, 1400], Gen.Int, Gen.Bool)
            .Sample(
                (algorithm, version, payload, seed, esn) =>
                {
                    (IpsecProtocol protocol, IpsecMode mode, EspAlgorithm esp, AhAlgorithm ah) = algorithm;
                    SaParameters parameters = TestSas.Parameters(protocol, mode, esp, ah, tunnelVersion: version, esn: esn, random: new Random(seed));
                    using var outbound = new OutboundSa(parameters);
                    using var inbound = new InboundSa(parameters);
                    byte[] packet = version == 4
                        ? TestPackets.Udp(TestPackets.SiteB4, TestPackets.SiteA4, 1000, 2000, payload)
                        : TestPackets.Udp(TestPackets.SiteB6, TestPackets.SiteA6, 1000, 2000, payload);

                    byte[] wire = TestSas.Protect(outbound, packet);

                    return TestSas.Unprotect(inbound, wire, out byte[] inner) == UnprotectResult.Ok
                        && inner.AsSpan().SequenceEqual(packet);
                },
                iter: 300);
    }

    [Fact]
    public void RandomBytes_NeverCrashAnSa()
    {
        // Hostile input: whatever arrives, Unprotect returns a result (and never Ok for noise).
        using var esp = new InboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Transport, EspAlgorithm.AesCbc128HmacSha256));
        using var ah = new InboundSa(TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Tunnel));
        using var tunnel = new InboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.ChaCha20Poly1305));
        Gen.Byte.Array[0, 200].Sample(
            noise => esp.Unprotect((byte[])noise.Clone(), out _, out _) != UnprotectResult.Ok
                && ah.Unprotect((byte[])noise.Clone(), out _, out _) != UnprotectResult.Ok
                && tunnel.Unprotect((byte[])noise.Clone(), out _, out _) != UnprotectResult.Ok,
            iter: 2000);
    }
}
