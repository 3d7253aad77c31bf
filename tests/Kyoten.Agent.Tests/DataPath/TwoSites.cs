using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;
using Kyoten.Esp;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// Two data paths in one process over fake TUNs and a fake WAN (as wireguard-go's
/// TestTwoDevicePing): site A 192.0.2.1 with LAN 198.18.1.0/24, site B 192.0.2.2 with LAN 198.18.2.0/24.
/// </summary>
internal sealed class TwoSites : IDisposable
{
    public const string WanA = "192.0.2.1";
    public const string WanB = "192.0.2.2";

    public TwoSites(int wanMtu = 1500)
    {
        Network = new FakeNetwork();
        A = CreateSite(WanA, wanMtu);
        B = CreateSite(WanB, wanMtu);
    }

    public FakeNetwork Network { get; }

    public FakeTimeProvider Time { get; } = new();

    public Site A { get; }

    public Site B { get; }

    public static TrafficSelector LanA { get; } = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.1.0"), 24);

    public static TrafficSelector LanB { get; } = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24);

    /// <summary>Installs the SA pair A→B (<paramref name="spiAb"/>) and B→A (<paramref name="spiBa"/>) on both engines.</summary>
    public void Connect(
        IpsecProtocol protocol,
        IpsecMode mode,
        bool udp,
        EspAlgorithm algorithm = EspAlgorithm.AesGcm256,
        uint spiAb = 0x1000,
        uint spiBa = 0x2000,
        TrafficSelector? lanA = null,
        TrafficSelector? lanB = null)
    {
        bool transport = mode == IpsecMode.Transport;
        TrafficSelector hostA = TrafficSelector.FromPrefix(IPAddress.Parse(WanA), 32);
        TrafficSelector hostB = TrafficSelector.FromPrefix(IPAddress.Parse(WanB), 32);
        TrafficSelector selA = transport ? hostA : lanA ?? LanA;
        TrafficSelector selB = transport ? hostB : lanB ?? LanB;
        SaParameters Sa(uint spi, TrafficSelector local, TrafficSelector remote, string from, string to) => new()
        {
            Spi = spi,
            Protocol = protocol,
            Mode = mode,
            EspAlgorithm = algorithm,
            EncryptionKey = protocol == IpsecProtocol.Esp ? Key(spi, EncryptionKeyLength(algorithm)) : default,
            IntegrityKey = IntegrityKeyLength(protocol, algorithm) is int n and > 0 ? Key(spi + 1, n) : default,
            LocalSelectors = [local],
            RemoteSelectors = [remote],
            TunnelLocal = IPAddress.Parse(from),
            TunnelRemote = IPAddress.Parse(to),
        };

        int port = udp ? 4500 : 0;
        A.Engine.InstallSa(Sa(spiBa, selA, selB, WanA, WanB), Sa(spiAb, selA, selB, WanA, WanB), "to-b", new IPEndPoint(IPAddress.Parse(WanB), port), udp);
        B.Engine.InstallSa(Sa(spiAb, selB, selA, WanB, WanA), Sa(spiBa, selB, selA, WanB, WanA), "to-a", new IPEndPoint(IPAddress.Parse(WanA), port), udp);
    }

    /// <summary>
    /// Waits for what the engines' receive threads do on their own (counting a drop, say): the
    /// condition is checked until it holds or <paramref name="patience"/> runs out.
    /// </summary>
    public static void WaitFor(Func<bool> condition, TimeSpan patience)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < patience, "condition not reached");
            Thread.Yield();
        }
    }

    public void Dispose()
    {
        A.Engine.Dispose();
        B.Engine.Dispose();
    }

    private Site CreateSite(string wan, int wanMtu)
    {
        var tun = new FakeTun();
        FakeDatagramSocket udp = Network.Udp(wan, 4500);
        var options = new DataPathOptions
        {
            Tun = new TunOptions("fake0"),
            UdpEncapsulationEndPoint = new IPEndPoint(IPAddress.Parse(wan), 4500),
            RawLocalAddress = IPAddress.Parse(wan),
            WanMtu = wanMtu,
        };
        var engine = new DataPathEngine(options, tun, udp, Network.Raw(wan, EspConstants.IpProtocolEsp), Network.Raw(wan, EspConstants.IpProtocolAh), Time);
        engine.Start();
        return new Site(engine, tun, udp);
    }

    private static byte[] Key(uint seed, int length)
    {
        byte[] key = new byte[length];
        new Random((int)seed).NextBytes(key);
        return key;
    }

    private static int EncryptionKeyLength(EspAlgorithm algorithm) => algorithm switch
    {
        EspAlgorithm.AesGcm128 => 20,
        EspAlgorithm.AesGcm256 or EspAlgorithm.ChaCha20Poly1305 => 36,
        EspAlgorithm.AesCbc128HmacSha256 => 16,
        EspAlgorithm.NullHmacSha256 => 0,
        _ => 32,
    };

    private static int IntegrityKeyLength(IpsecProtocol protocol, EspAlgorithm algorithm) =>
        protocol == IpsecProtocol.Ah ? 32 : algorithm switch
        {
            EspAlgorithm.AesGcm128 or EspAlgorithm.AesGcm256 or EspAlgorithm.ChaCha20Poly1305 => 0,
            _ => 32,
        };

    internal sealed record Site(DataPathEngine Engine, FakeTun Tun, FakeDatagramSocket Udp);
}
