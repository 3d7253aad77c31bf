using System.Net;
using System.Threading.Channels;
using Kyoten.Agent.Control;
using Kyoten.Agent.DataPath;
using Kyoten.Ike;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Ike;

/// <summary>
/// Runs one <see cref="IkeEngine"/> over real sockets and the data path. Everything that touches
/// the engine (received datagrams, timer ticks, configuration changes) is queued to one loop
/// task, because the engine is not thread-safe; after each step the loop carries out the
/// engine's actions (send, install/remove SAs, arm the timer), turns its events into
/// <see cref="Contracts.Agent.V1.TunnelEvent"/>s and publishes a fresh status snapshot.
/// </summary>
internal sealed partial class IkeDaemon : IAsyncDisposable
{
    private readonly IkeDaemonOptions _options;
    private readonly DataPathEngine _dataPath;
    private readonly IDatagramSocket _ikePort;
    private readonly IAgentEvents _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IkeEngine _engine;
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, DaemonTunnel> _tunnels = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly ITimer _housekeeping;
    private readonly IPEndPoint _ikeLocal;
    private Task? _loop;
    private Thread? _receiver;
    private volatile DaemonSnapshot _snapshot = DaemonSnapshot.Empty;

    public IkeDaemon(IkeDaemonOptions options, DataPathEngine dataPath, IDatagramSocket ikePort, IAgentEvents events, TimeProvider time, ILogger logger)
    {
        _options = options;
        _dataPath = dataPath;
        _ikePort = ikePort;
        _events = events;
        _time = time;
        _logger = logger;
        _engine = new IkeEngine(options.Engine, time);
        _ikeLocal = ikePort.LocalEndPoint.ToIPEndPoint();
        _timer = time.CreateTimer(_ => Post(Tick), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _housekeeping = time.CreateTimer(_ => Post(CheckVolumeLifetimes), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The latest picture of peers, SAs and counters; cheap, any thread.</summary>
    public DaemonSnapshot Snapshot => _snapshot;

    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("bug: IKE daemon started twice");
        }

        _dataPath.IkeDatagramReceived += OnNatTraversalDatagram;
        _dataPath.PeerRebound += OnPeerRebound;
        _loop = Task.Factory.StartNew(RunLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _receiver = new Thread(ReceiveIkePort) { IsBackground = true, Name = "kyoten-ike-500" };
        _receiver.Start();
        _housekeeping.Change(_options.HousekeepingInterval, _options.HousekeepingInterval);
        IkeDaemonLog.Listening(_logger, _ikeLocal.ToString(), _dataPath.UdpLocalEndPoint.ToString());
    }

    /// <summary>Runs <paramref name="step"/> on the loop (with the engine) and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> step)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() =>
        {
            try
            {
                done.TrySetResult(step());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }))
        {
            done.TrySetException(new ObjectDisposedException(nameof(IkeDaemon)));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _dataPath.IkeDatagramReceived -= OnNatTraversalDatagram;
        _dataPath.PeerRebound -= OnPeerRebound;
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _housekeeping.DisposeAsync().ConfigureAwait(false);
        _work.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _ikePort.Stop();
        _receiver?.Join();
        _ikePort.Dispose();
        foreach (var tunnel in _tunnels.Values)
        {
            tunnel.ReconnectTimer?.Dispose();
            tunnel.ConnectTimer?.Dispose();
        }
    }

    private void Post(Action step) => _work.Writer.TryWrite(step);

    private async Task RunLoopAsync()
    {
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var step))
            {
                try
                {
                    step();
                    ProcessEngineOutput();
                }
                catch (Exception e)
                {
                    IkeDaemonLog.StepFailed(_logger, e);
                }
            }

            _snapshot = new DaemonSnapshot(_engine.GetStatus(), [.. _tunnels.Values.Select(Counters)], _engine.GetStatistics());
        }
    }

    private static TunnelCounters Counters(DaemonTunnel t) =>
        new(t.Name, t.EnginePeer, t.Peer.RemoteEndPoint.Address.ToString(), t.IkeRekeys, t.ChildRekeys);

    private void Tick() => _engine.Tick();

    /// <summary>UDP 500: IKE without the non-ESP marker (RFC 7296 §2.23).</summary>
    private void ReceiveIkePort()
    {
        var batch = new DatagramBatch(8);
        while (_ikePort.Receive(batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                byte[] datagram = batch.Segment(i).ToArray();
                IPEndPoint remote = batch.Peer(i).ToIPEndPoint();
                Post(() => _engine.OnDatagram(_ikeLocal, remote, datagram));
            }
        }
    }

    /// <summary>UDP 4500: the data path strips the non-ESP marker, the engine wants it back (RFC 3948 §2.2).</summary>
    private void OnNatTraversalDatagram(IkeDatagram datagram)
    {
        byte[] withMarker = new byte[4 + datagram.Message.Length];
        datagram.Message.Span.CopyTo(withMarker.AsSpan(4));
        IPEndPoint local = datagram.Local;
        IPEndPoint remote = datagram.Remote;
        Post(() => _engine.OnDatagram(local, remote, withMarker));
    }

    /// <summary>The data path followed the peer to a new NAT mapping: the IKE SA follows too (RFC 7296 §2.23).</summary>
    private void OnPeerRebound(string tunnel, IPEndPoint remote) => Post(() =>
    {
        int moved = _engine.OnPeerMoved(tunnel, remote);
        IkeDaemonLog.PeerMoved(_logger, tunnel, remote.ToString(), moved);
    });
}
