using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kyoten.Esp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// Two sites in network namespaces joined by a veth WAN (192.0.2.1 ↔ 192.0.2.2), each running
/// <c>kyoten-agent datapath-static</c> with a real TUN. Tunnel mode: LANs 198.18.1.1 and
/// 198.18.2.1 on lo, routed through kyt0. Transport mode: the two WAN hosts themselves talk,
/// original addresses kept (see <see cref="RouteThroughTun"/>). What a user would check: ping
/// works, a file arrives intact, the WAN shows only ESP/AH, garbage on 4500 is dropped, a replayed
/// or tampered packet is dropped and counted on its SA. Derived classes pick ESP or AH, tunnel or
/// transport, the carriage and whether the TUN/UDP offloads are on.
/// </summary>
public abstract partial class NamespaceTunnelTestsBase : IAsyncLifetime
{
    /// <summary>SO_MARK of the agents' sockets (and of the test's own injecting sockets) in transport mode.</summary>
    private const int Mark = 0x4b59;
    private static readonly byte[] ClearMarker = Encoding.ASCII.GetBytes("KYOTEN-CLEARTEXT-MARKER-7f3a");
    private readonly TestNamespace _a = TestNamespace.Create("a");
    private readonly TestNamespace _b = TestNamespace.Create("b");
    private readonly string _wanA;

    /// <summary>TUN virtio header/TSO and UDP GSO/GRO.</summary>
    protected abstract bool Offloads { get; }

    /// <summary>ESP in UDP 4500 (true) or raw IP protocol 50/51 (false).</summary>
    protected abstract bool UdpEncapsulation { get; }

    protected virtual IpsecProtocol Protocol => IpsecProtocol.Esp;

    protected virtual IpsecMode Mode => IpsecMode.Tunnel;

    /// <summary>IPv6 WAN (2001:db8::1 ↔ 2001:db8::2) and LANs (2001:db8:1::/64, 2001:db8:2::/64) instead of IPv4.</summary>
    protected virtual bool IPv6 => false;

    private bool Transport => Mode == IpsecMode.Transport;

    private AddressFamily Family => IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    private string WanA => IPv6 ? "2001:db8::1" : "192.0.2.1";

    private string WanB => IPv6 ? "2001:db8::2" : "192.0.2.2";

    private int HostBits => IPv6 ? 128 : 32;

    /// <summary>The protected endpoints: a LAN host in tunnel mode, the WAN host itself in transport mode.</summary>
    private string HostA => Transport ? WanA : IPv6 ? "2001:db8:1::1" : "198.18.1.1";

    private string HostB => Transport ? WanB : IPv6 ? "2001:db8:2::1" : "198.18.2.1";

    private string LanA => Transport ? $"{WanA}/{HostBits}" : IPv6 ? "2001:db8:1::/64" : "198.18.1.0/24";

    private string LanB => Transport ? $"{WanB}/{HostBits}" : IPv6 ? "2001:db8:2::/64" : "198.18.2.0/24";

    /// <summary>What tcpdump calls the tunnel's datagrams.</summary>
    private string WireFilter => UdpEncapsulation ? "udp port 4500" : Protocol == IpsecProtocol.Ah ? "ah" : "esp";
    private StaticAgent? _agentA;
    private StaticAgent? _agentB;

    protected NamespaceTunnelTestsBase()
    {
        _wanA = $"kw{Environment.ProcessId % 100000}{_a.Name[^2..]}";
    }

    public async ValueTask InitializeAsync()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        string wanB = _wanA + "b";
        TestNamespace.Run("ip", $"link add {_wanA} netns {_a.Name} type veth peer name {wanB} netns {_b.Name}");
        foreach ((TestNamespace ns, string dev, string wan, string lan) in new[] { (_a, _wanA, WanA, HostA), (_b, wanB, WanB, HostB) })
        {
            if (IPv6)
            {
                // nodad: usable at once. Router solicitations stay off the wire being checked.
                ns.Exec("sysctl -qw net.ipv6.conf.default.router_solicitations=0");
                ns.Exec($"ip addr add {wan}/64 dev {dev} nodad");
            }
            else
            {
                ns.Exec("sysctl -qw net.ipv6.conf.all.disable_ipv6=1");
                ns.Exec($"ip addr add {wan}/24 dev {dev}");
            }

            ns.Exec($"ip link set {dev} up");
            if (!Transport)
            {
                ns.Exec($"ip addr add {lan}/{HostBits} dev lo");
            }
        }

        // Fixed neighbours: while ARP / neighbour discovery resolves, the kernel queues only ~64 KiB
        // per neighbour and silently drops the rest, which a flood test would miss in its counts.
        string macA = _a.Exec($"cat /sys/class/net/{_wanA}/address").Trim();
        string macB = _b.Exec($"cat /sys/class/net/{wanB}/address").Trim();
        _a.Exec($"ip neigh replace {WanB} lladdr {macB} dev {_wanA} nud permanent");
        _b.Exec($"ip neigh replace {WanA} lladdr {macA} dev {wanB} nud permanent");

        // AES-256-GCM: 32-octet key + 4-octet salt (RFC 4106 §8.1); HMAC-SHA-256: 32 octets (RFC 4868).
        byte[] keyAb = RandomNumberGenerator.GetBytes(Protocol == IpsecProtocol.Ah ? 32 : 36);
        byte[] keyBa = RandomNumberGenerator.GetBytes(keyAb.Length);
        _agentA = await StaticAgent.StartAsync(_a, Config(WanA, WanB, LanA, LanB, 0x1000, keyAb, 0x2000, keyBa), token);
        _agentB = await StaticAgent.StartAsync(_b, Config(WanB, WanA, LanB, LanA, 0x2000, keyBa, 0x1000, keyAb), token);
        RouteThroughTun(_a, WanB, LanB, HostA);
        RouteThroughTun(_b, WanA, LanA, HostB);
    }

    /// <summary>
    /// Tunnel mode: the remote LAN is routed into kyt0, and the datagrams to the peer's WAN address
    /// take the ordinary route. Transport mode: the protected traffic and its ESP/AH datagrams have
    /// the same destination, the peer host. So, as wg-quick does for WireGuard, the agent marks its
    /// own sockets (SO_MARK, "firewallMark") and policy routing sends everything else to the peer
    /// through table 4500, whose only route is the TUN; the marked datagrams fall through to the
    /// main table and leave on the veth. Reverse-path checks on the TUN pass, since the unmarked
    /// lookup of the peer leads back into kyt0.
    /// </summary>
    private void RouteThroughTun(TestNamespace ns, string peerWan, string remote, string source)
    {
        if (!Transport)
        {
            ns.Exec($"ip route add {remote} dev kyt0 src {source}");
            return;
        }

        ns.Exec($"ip route add {peerWan}/{HostBits} dev kyt0 src {source} table 4500");
        ns.Exec($"ip {(IPv6 ? "-6" : "-4")} rule add not fwmark {Mark} table 4500 priority 100");
    }

    [Fact]
    public void Ping_BetweenTheLans_Succeeds()
    {
        string output = _a.Exec($"ping -c 3 -W 5 -I {HostA} {HostB}");

        Assert.Contains("3 received", output);
    }

    [Fact]
    public async Task FileOverTcp_ArrivesByteIdentical_AndTheWireShowsOnlyTheTunnel()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        string capture = Path.Combine(Path.GetTempPath(), $"{_a.Name}-wan.pcap");
        using Process tcpdump = _a.Start($"tcpdump -i {_wanA} -n -U -B 16384 -w {capture}");
        await WaitForLineAsync(tcpdump.StandardError, "listening on", token);

        byte[] file = RandomFileWithMarkers(5 * 1024 * 1024);
        byte[] received = await TransferAsync(file, token);

        TestNamespace.Run("kill", $"-INT {tcpdump.Id}");
        await tcpdump.WaitForExitAsync(token);
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(received));
        byte[] wire = await File.ReadAllBytesAsync(capture, token);
        string filter = WireFilter;
        string tunnel = TestNamespace.Run("tcpdump", $"-r {capture} -n {filter}");
        // ARP, neighbour discovery and multicast listener reports (behind a hop-by-hop header, so
        // "icmp6" misses them) are how the WAN link itself works, not tunnel traffic.
        string anythingElse = TestNamespace.Run("tcpdump", $"-r {capture} -n not {filter} and not arp and not icmp6 and not ip6 multicast");
        File.Delete(capture);
        // tcpdump may miss packets on a busy machine (and sees UDP GSO batches as one packet);
        // what it kept must still be a real share of the transfer for the checks below to mean anything.
        Assert.True(wire.Length >= file.Length / 5, $"capture holds the tunnel traffic ({wire.Length} bytes)");
        if (Protocol == IpsecProtocol.Ah)
        {
            // AH authenticates and does not encrypt: the payload is on the wire, inside AH (protocol 51).
            Assert.NotEqual(-1, wire.AsSpan().IndexOf(ClearMarker));
            Assert.Contains("AH(spi=0x00001000", tunnel);
        }
        else
        {
            Assert.Equal(-1, wire.AsSpan().IndexOf(ClearMarker));
            Assert.Contains("ESP(spi=0x00001000", tunnel);
        }

        Assert.Equal(string.Empty, anythingElse);
    }

    [Fact]
    public async Task GarbageOn4500_IsDroppedAndCounted_WhileAFileStillArrivesIntact()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        byte[] file = RandomFileWithMarkers(2 * 1024 * 1024);
        using var stopJunk = new CancellationTokenSource();
        int junkSent = 0;
        long kernelDropsBefore = KernelDrops.Receive(_b) + KernelDrops.Transmit(_a);
        Socket junkSocket = _a.RunInside(() => Marked(new Socket(Family, SocketType.Dgram, ProtocolType.Udp)));
        Task junk = Task.Run(
            () =>
            {
                var random = new Random(4500);
                var target = new IPEndPoint(IPAddress.Parse(WanB), 4500);
                while (!stopJunk.IsCancellationRequested || junkSent < 500)
                {
                    byte[] datagram = new byte[random.Next(1, 1500)];
                    random.NextBytes(datagram);
                    if (junkSent % 2 == 0 && datagram.Length >= 8)
                    {
                        datagram[0] = 0;
                        datagram[1] = 0;
                        datagram[2] = 0x10;
                        datagram[3] = 0; // B's live inbound SPI 0x1000: forged ESP fails authentication, ESP on an AH SA is malformed
                    }

                    junkSocket.SendTo(datagram, target);
                    junkSent++;
                }
            },
            token);

        byte[] received = await TransferAsync(file, token);
        stopJunk.Cancel();
        await junk;

        // Last, one IKE datagram from the same socket: B reads its socket in order, so once it is
        // counted every earlier datagram was either counted or dropped by the kernel. The counters
        // are read one after another while B's receive thread runs, though (drops first, the IKE
        // count last), so a snapshot may show the IKE datagram and not yet the drops just before
        // it: wait until every junk datagram is accounted for (a drop reason, a keepalive, or a
        // kernel drop), and fail with the figures if that never happens.
        junkSocket.SendTo([0, 0, 0, 0, .. new byte[28]], new IPEndPoint(IPAddress.Parse(WanB), 4500));
        junkSocket.Dispose();
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(received));
        JsonElement engine, drops;
        long counted, kernelDrops;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            engine = (await _agentB!.GetStatisticsAsync(token)).GetProperty("engine");
            drops = engine.GetProperty("Drops");
            counted = drops.EnumerateObject().Sum(reason => reason.Value.GetInt64()) + engine.GetProperty("KeepalivesReceived").GetInt64();
            kernelDrops = KernelDrops.Receive(_b) + KernelDrops.Transmit(_a) - kernelDropsBefore;
            bool ikeSeen = engine.GetProperty("IkeDatagramsReceived").GetInt64() > 0;
            if (ikeSeen && counted >= junkSent - kernelDrops)
            {
                break;
            }

            Assert.True(
                clock.Elapsed < TimeSpan.FromSeconds(60),
                $"after 60 s: IKE datagram seen {ikeSeen}, {counted} counted of {junkSent} sent, {kernelDrops} kernel drops; engine {engine}; kernel: {KernelDrops.Describe(_b)}");
            await Task.Delay(50, token);
        }

        // None may be counted twice either.
        Assert.True(counted <= junkSent, $"{counted} counted of {junkSent} sent; {drops}");
        string forged = Protocol == IpsecProtocol.Esp ? "UnprotectFailed" : "Malformed";
        Assert.True(drops.GetProperty(forged).GetInt64() >= (junkSent - kernelDrops) / 3, $"forged ESP with a live SPI counted: {drops}");
        Assert.Equal(1, engine.GetProperty("IkeDatagramsReceived").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (_agentA is not null)
        {
            await _agentA.DisposeAsync();
        }

        if (_agentB is not null)
        {
            await _agentB.DisposeAsync();
        }

        _a.Dispose();
        _b.Dispose();
    }

    private string Config(string listen, string peer, string local, string remote, uint outSpi, byte[] outKey, uint inSpi, byte[] inKey) => $$"""
        { "tun": "kyt0", "mtu": 1400, "listen": "{{Bracketed(listen)}}:4500", "offloads": {{(Offloads ? "true" : "false")}},
          "rawLocal": "{{listen}}", "firewallMark": {{Mark}},
          "tunnels": [ { "name": "wan", "peer": "{{Bracketed(peer)}}:4500", "algorithm": "AesGcm256",
            "protocol": "{{Protocol}}", "mode": "{{Mode}}", "ahAlgorithm": "HmacSha256",
            "udp": {{(UdpEncapsulation ? "true" : "false")}}, "localAddress": "{{listen}}",
            "local": ["{{local}}"], "remote": ["{{remote}}"],
            "inbound":  { "spi": "{{inSpi}}",  "{{KeyField}}": "{{Convert.ToHexString(inKey)}}" },
            "outbound": { "spi": "{{outSpi}}", "{{KeyField}}": "{{Convert.ToHexString(outKey)}}" } } ] }
        """;

    private string Bracketed(string address) => IPv6 ? $"[{address}]" : address;

    private string KeyField => Protocol == IpsecProtocol.Ah ? "integrityKey" : "encryptionKey";

    private static byte[] RandomFileWithMarkers(int length)
    {
        byte[] file = RandomNumberGenerator.GetBytes(length);
        for (int offset = 0; offset + ClearMarker.Length < length; offset += 4096)
        {
            ClearMarker.CopyTo(file, offset);
        }

        return file;
    }

    /// <summary>Sends <paramref name="file"/> from host A to host B over TCP.</summary>
    private async Task<byte[]> TransferAsync(byte[] file, CancellationToken token)
    {
        using Socket listener = _b.RunInside(() =>
        {
            var socket = new Socket(Family, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(HostB), 0));
            socket.Listen();
            return socket;
        });
        var serverEnd = (IPEndPoint)listener.LocalEndPoint!;
        Task<byte[]> receive = Task.Run(
            async () =>
            {
                using Socket connection = await listener.AcceptAsync(token);
                using var stream = new NetworkStream(connection);
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, token);
                return buffer.ToArray();
            },
            token);
        using Socket client = _a.RunInside(() =>
        {
            var socket = new Socket(Family, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(HostA), 0));
            socket.Connect(serverEnd);
            return socket;
        });
        await client.SendAsync(file, token);
        client.Shutdown(SocketShutdown.Send);
        return await receive.WaitAsync(TimeSpan.FromMinutes(2), token);
    }

    private static async Task WaitForLineAsync(StreamReader reader, string text, CancellationToken token)
    {
        while (await reader.ReadLineAsync(token) is string line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"never saw '{text}'");
    }
}
