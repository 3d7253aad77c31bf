using System.Net;
using Kyoten.Agent.DataPath.Raw;
using Kyoten.Agent.DataPath.Tun;
using Kyoten.Agent.DataPath.Udp;
using Kyoten.Esp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// The agent's IPsec data path (like strongSwan's libipsec or wireguard-go's device): one thread
/// reads the TUN, looks up the policy, protects and sends in batches; one thread per receiving
/// socket unprotects and writes to the TUN. The IKE daemon installs and removes SAs, exchanges
/// IKE datagrams over the same NAT-T socket and reads counters.
/// </summary>
internal sealed partial class DataPathEngine : IDisposable
{
    private readonly DataPathOptions _options;
    private readonly ITunDevice _tun;
    private readonly IDatagramSocket _udp;
    private readonly IDatagramSocket? _rawEsp;
    private readonly IDatagramSocket? _rawAh;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SecurityPolicyDatabase _spd = new();
    private readonly SaDatabase _sad = new();
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];
    private readonly List<Thread> _threads = [];
    private readonly IPEndPoint _udpLocal;
    private readonly byte[] _rawLocalBytes = [];
    private ITimer? _keepaliveTimer;
    private long _packetsFromTun;
    private long _packetsToTun;
    private long _datagramsReceived;
    private long _ikeReceived;
    private long _keepalivesReceived;
    private long _keepalivesSent;
    private int _disposed;

    public DataPathEngine(
        DataPathOptions options,
        ITunDevice tun,
        IDatagramSocket udp,
        IDatagramSocket? rawEsp,
        IDatagramSocket? rawAh,
        TimeProvider time,
        ILogger? logger = null)
    {
        _options = options;
        _tun = tun;
        _udp = udp;
        _rawEsp = rawEsp;
        _rawAh = rawAh;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _udpLocal = udp.LocalEndPoint.ToIPEndPoint();
        if (options.RawLocalAddress is { } rawLocal)
        {
            _rawLocalBytes = rawLocal.GetAddressBytes();
        }
    }

    /// <summary>IKE messages that arrived on the NAT-T socket (non-ESP marker removed). Called on the receive thread.</summary>
    public event Action<IkeDatagram>? IkeDatagramReceived;

    /// <summary>
    /// A tunnel's peer moved (NAT rebinding: authenticated ESP that advanced the replay window came
    /// from a new address or port): the tunnel name and the new endpoint. Raised on a receive
    /// thread after the data path already sends there; handlers must only hand it on.
    /// </summary>
    public event Action<string, IPEndPoint>? PeerRebound;

    /// <summary>The first exception that stopped a packet thread, if any (a bug).</summary>
    public Exception? Fault { get; private set; }

    public IPEndPoint UdpLocalEndPoint => _udpLocal;

    /// <summary>Opens the real TUN device and sockets described by <paramref name="options"/>.</summary>
    public static DataPathEngine Open(DataPathOptions options, TimeProvider time, ILogger? logger = null)
    {
        var disposables = new List<IDisposable>();
        try
        {
            TunDevice tun = TunDevice.Open(options.Tun);
            disposables.Add(tun);
            UdpBatchSocket udp = UdpBatchSocket.Bind(options.UdpEncapsulationEndPoint, options.UdpOffloads, options.BatchSize, options.FirewallMark);
            disposables.Add(udp);
            RawIpSocket? esp = null;
            RawIpSocket? ah = null;
            if (options.RawLocalAddress is not null)
            {
                esp = RawIpSocket.Open(options.RawLocalAddress, EspConstants.IpProtocolEsp, options.BatchSize, options.FirewallMark);
                disposables.Add(esp);
                ah = RawIpSocket.Open(options.RawLocalAddress, EspConstants.IpProtocolAh, options.BatchSize, options.FirewallMark);
                disposables.Add(ah);
            }

            var engine = new DataPathEngine(options, tun, udp, esp, ah, time, logger);
            DataPathLog.Started(engine._logger, tun.Name, tun.Offloads, udp.LocalEndPoint.ToString());
            return engine;
        }
        catch
        {
            disposables.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>Starts the packet threads and the keepalive timer.</summary>
    public void Start()
    {
        if (_threads.Count != 0)
        {
            throw new InvalidOperationException("bug: data path started twice");
        }

        StartThread("kyoten-dp-tun", OutboundLoop);
        StartThread("kyoten-dp-udp", () => InboundLoop(_udp, protocol: 0));
        if (_rawEsp is not null)
        {
            StartThread("kyoten-dp-esp", () => InboundLoop(_rawEsp, EspConstants.IpProtocolEsp));
        }

        if (_rawAh is not null)
        {
            StartThread("kyoten-dp-ah", () => InboundLoop(_rawAh, EspConstants.IpProtocolAh));
        }

        _keepaliveTimer = _time.CreateTimer(_ => SendKeepalives(), null, _options.KeepaliveInterval, _options.KeepaliveInterval);
    }

    public DataPathStatistics GetStatistics()
    {
        var drops = new Dictionary<DropReason, long>();
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            drops[reason] = Interlocked.Read(ref _drops[(int)reason]);
        }

        drops[DropReason.UnknownSpi] += _sad.UnknownSpiDrops;
        drops[DropReason.SendFailed] += _udp.SendFailures + (_rawEsp?.SendFailures ?? 0);
        return new DataPathStatistics(
            Interlocked.Read(ref _packetsFromTun),
            Interlocked.Read(ref _packetsToTun),
            Interlocked.Read(ref _datagramsReceived),
            Interlocked.Read(ref _ikeReceived),
            Interlocked.Read(ref _keepalivesReceived),
            Interlocked.Read(ref _keepalivesSent),
            drops);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _keepaliveTimer?.Dispose();
        _tun.Stop();
        _udp.Stop();
        _rawEsp?.Stop();
        _rawAh?.Stop();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _tun.Dispose();
        _udp.Dispose();
        _rawEsp?.Dispose();
        _rawAh?.Dispose();
        lock (_control)
        {
            foreach (Tunnel tunnel in _tunnels.Values)
            {
                tunnel.InboundSas.ForEach(sa => sa.Dispose());
                tunnel.OutboundSas.ForEach(sa => sa.Dispose());
            }

            DisposeRetired(all: true);
        }

        DataPathLog.Stopped(_logger);
    }

    private void Drop(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    private void StartThread(string name, Action loop)
    {
        var thread = new Thread(() =>
        {
            try
            {
                loop();
            }
            catch (Exception e)
            {
                Fault ??= e;
                DataPathLog.ThreadFailed(_logger, name, e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _threads.Add(thread);
        thread.Start();
    }
}
