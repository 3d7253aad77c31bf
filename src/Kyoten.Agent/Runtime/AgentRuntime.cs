using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.Ike;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Runtime;

/// <summary>
/// The agent's <see cref="IConfigApplier"/> and <see cref="ITelemetrySource"/> over the IKE daemon
/// and the data path. The first configuration opens the TUN device and sockets; every
/// configuration is applied as a difference: unchanged tunnels are not touched, changed ones are
/// re-established, removed ones deleted with an IKE Delete. A configuration that fails mapping is
/// refused whole and the previous one keeps running.
/// </summary>
internal sealed partial class AgentRuntime(
    StatePaths paths,
    IAgentEvents events,
    TimeProvider time,
    ILoggerFactory loggers) : IConfigApplier, ITelemetrySource, IHostedService, IAsyncDisposable, IDisposable
{
    public const string DefaultTunName = "kyt0";

    private readonly ILogger _logger = loggers.CreateLogger<AgentRuntime>();
    private readonly Dictionary<string, AppliedTunnel> _applied = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<AppliedTunnel> _appliedView = [];
    private DataPathEngine? _dataPath;
    private IkeDaemon? _daemon;
    private LanRoutes? _routes;
    private IPAddress? _listen;
    private long _generation;

    /// <summary>The daemon, once a configuration opened it (tests).</summary>
    internal IkeDaemon? Daemon => _daemon;

    public async Task<ApplyResult> ApplyAsync(AgentConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        var context = BuildContext(config, errors);
        if (_listen is not null && !_listen.Equals(context.ListenAddress))
        {
            errors.Add($"listen_addresses: changing the IKE address from {_listen} to {context.ListenAddress} needs an agent restart");
        }

        string shared = SharedKey(config, context);
        var plan = Plan(config, context, shared, errors);
        if (errors.Count > 0)
        {
            RuntimeLog.Refused(_logger, config.Revision, string.Join("; ", errors));
            return ApplyResult.Failed(errors);
        }

        if (_daemon is null && !TryOpen(config, context.ListenAddress, errors))
        {
            return ApplyResult.Failed(errors);
        }

        var daemon = _daemon!;
        int removed = 0, changed = 0, added = 0;
        foreach (var (name, old) in _applied.ToList())
        {
            if (!plan.TryGetValue(name, out var next) || next.Tunnel is not null)
            {
                await daemon.RemoveTunnelAsync(old.EnginePeer).ConfigureAwait(false);
                _applied.Remove(name);
                if (next.Tunnel is null)
                {
                    removed++;
                }
            }
        }

        foreach (var (name, next) in plan)
        {
            if (next.Tunnel is null)
            {
                continue; // unchanged: untouched
            }

            bool existed = _appliedView.Any(a => a.Source.Name == name);
            await daemon.AddTunnelAsync(next.Tunnel).ConfigureAwait(false);
            _applied[name] = next.Applied;
            if (existed)
            {
                changed++;
            }
            else
            {
                added++;
            }
        }

        _appliedView = [.. _applied.Values];
        var routeErrors = await _routes!.SetAsync(
            _applied.Values.Where(a => a.RoutesLan).SelectMany(a => a.Source.RemoteTs).ToHashSet(StringComparer.Ordinal),
            cancellationToken).ConfigureAwait(false);
        foreach (var e in routeErrors)
        {
            RuntimeLog.Refused(_logger, config.Revision, e);
        }

        RuntimeLog.Applied(_logger, config.Revision, added, changed, removed, plan.Count - added - changed);
        return ApplyResult.Success;
    }

    public TelemetryReport Snapshot()
    {
        var applied = _appliedView;
        var snapshot = _daemon?.Snapshot ?? DaemonSnapshot.Empty;
        var stats = _dataPath?.GetSaStatistics() ?? [];
        return TelemetryBuilder.Build(time.GetUtcNow(), applied.Select(a => (a.Source.Name, a.EnginePeer, a.PeerAddress)), snapshot, stats, _dataPath?.GetTunnelStatistics());
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_daemon is not null)
        {
            RuntimeLog.ShuttingDown(_logger);
            try
            {
                // The Deletes are sent by the time the loop ran this step; peers do not wait for DPD.
                await _daemon.TerminateAllAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // Shutting down anyway: the peers' DPD will notice.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync().ConfigureAwait(false);
        }

        _dataPath?.Dispose();
    }

    // The host's container disposes synchronously.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Per tunnel: null Tunnel = unchanged; otherwise the tunnel to add (new or changed).</summary>
    private Dictionary<string, (DaemonTunnel? Tunnel, AppliedTunnel Applied)> Plan(AgentConfig config, RuntimeContext context, string shared, List<string> errors)
    {
        var plan = new Dictionary<string, (DaemonTunnel?, AppliedTunnel)>(StringComparer.Ordinal);
        var scratch = new IkeEngine(new Kyoten.Ike.Config.IkeEngineOptions(), time);
        foreach (var tunnel in config.Tunnels)
        {
            if (_applied.TryGetValue(tunnel.Name, out var current) && current.Source.Equals(tunnel) && current.SharedKey == shared)
            {
                plan[tunnel.Name] = (null, current);
                continue;
            }

            string enginePeer = $"{tunnel.Name}#{Interlocked.Increment(ref _generation)}";
            var mapped = PeerConfigMapper.TryMap(config, tunnel, enginePeer, context, errors);
            if (mapped is null)
            {
                continue;
            }

            try
            {
                scratch.AddPeer(mapped.Peer); // the engine's own checks, without touching the running one
            }
            catch (ArgumentException e)
            {
                errors.Add($"tunnel \"{tunnel.Name}\": {e.Message}");
                continue;
            }

            bool routes = tunnel.Mode != Contracts.Agent.V1.IpsecMode.Transport;
            plan[tunnel.Name] = (mapped, new AppliedTunnel(tunnel.Clone(), shared, enginePeer, tunnel.RemoteAddress, routes));
        }

        return plan;
    }

    private RuntimeContext BuildContext(AgentConfig config, List<string> errors)
    {
        var listen = config.ListenAddresses.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).FirstOrDefault(ip => ip is not null) ?? IPAddress.Any;
        X509Certificate2? certificate = null;
        X509Certificate2Collection? anchors = null;
        if (config.Tunnels.Any(t => t.Auth == AuthMethod.Certificate))
        {
            if (paths.IsEnrolled)
            {
                try
                {
                    certificate = new IdentityStore(paths).Load().Certificate;
                }
                catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or InvalidDataException or System.Text.Json.JsonException)
                {
                    errors.Add($"identity: cannot load the enrolled certificate ({e.GetType().Name})");
                }
            }

            anchors = [];
            if (!string.IsNullOrWhiteSpace(config.TrustAnchorsPem))
            {
                anchors.ImportFromPem(config.TrustAnchorsPem);
            }
        }

        return new RuntimeContext(listen, certificate, anchors);
    }

    private static string SharedKey(AgentConfig config, RuntimeContext context) =>
        string.Join('|', config.LocalId, config.SiteName, config.TrustAnchorsPem, context.ListenAddress, context.Certificate?.Thumbprint ?? "");
}
