using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Events;

namespace Kyoten.Agent.Ike;

/// <summary>Engine events → logs, <see cref="TunnelEvent"/>s for the controller, and re-initiation.</summary>
internal sealed partial class IkeDaemon
{
    private void OnEvent(IkeEvent ikeEvent)
    {
        _tunnels.TryGetValue(ikeEvent.PeerName, out var tunnel);
        string name = tunnel?.Name ?? ikeEvent.PeerName;
        switch (ikeEvent)
        {
            case IkeSaEstablished up:
                IkeDaemonLog.IkeUp(_logger, name, tunnel?.Peer.RemoteEndPoint.ToString() ?? "?", up.Algorithms.ToString(), up.NatDetected);
                break;
            case ChildSaEstablished up:
                IkeDaemonLog.ChildUp(_logger, name, up.InboundSpi, up.OutboundSpi, up.Algorithms.ToString());
                if (tunnel is not null)
                {
                    tunnel.Failures = 0;
                    tunnel.ConnectTimer?.Dispose();
                    tunnel.ConnectTimer = null;
                }

                Publish(tunnel, TunnelEventKind.Up, $"CHILD SA in 0x{up.InboundSpi:x8} out 0x{up.OutboundSpi:x8} {up.Algorithms}");
                break;
            case ChildSaRekeyed rekeyed:
                IkeDaemonLog.ChildRekeyed(_logger, name, rekeyed.OldInboundSpi, rekeyed.InboundSpi, rekeyed.OutboundSpi);
                if (tunnel is not null)
                {
                    tunnel.ChildRekeys++;
                }

                Publish(tunnel, TunnelEventKind.Rekeyed, $"CHILD SA 0x{rekeyed.OldInboundSpi:x8} -> in 0x{rekeyed.InboundSpi:x8} out 0x{rekeyed.OutboundSpi:x8}");
                break;
            case IkeSaRekeyed rekeyed:
                IkeDaemonLog.IkeRekeyed(_logger, name);
                if (tunnel is not null)
                {
                    tunnel.IkeRekeys++;
                    tunnel.ReplacedIkeSpis.Add(rekeyed.OldInitiatorSpi);
                }

                Publish(tunnel, TunnelEventKind.Rekeyed, "IKE SA rekeyed");
                break;
            case ChildSaDeleted deleted:
                IkeDaemonLog.ChildDeleted(_logger, name, deleted.InboundSpi, deleted.OutboundSpi, deleted.Reason);
                break;
            case IkeSaDeleted deleted:
                if (tunnel is not null && tunnel.ReplacedIkeSpis.Remove(deleted.InitiatorSpi))
                {
                    break;
                }

                IkeDaemonLog.IkeDown(_logger, name, deleted.Reason);
                Publish(tunnel, TunnelEventKind.Down, deleted.Reason);
                ScheduleReconnect(tunnel);
                break;
            case AuthFailed failed:
                IkeDaemonLog.AuthFailed(_logger, name, failed.Reason);
                Publish(tunnel, TunnelEventKind.AuthFailed, failed.Reason);
                ScheduleReconnect(tunnel);
                break;
            case Failed failed:
                IkeDaemonLog.ExchangeFailed(_logger, name, failed.Reason);
                bool established = tunnel is not null && HasEstablishedSa(tunnel.EnginePeer);
                Publish(tunnel, established ? TunnelEventKind.RekeyFailed : TunnelEventKind.Down, failed.Reason);
                if (!established)
                {
                    ScheduleReconnect(tunnel);
                }

                break;
        }
    }

    private bool HasEstablishedSa(string enginePeer) =>
        _engine.GetStatus().Peers.Any(p => p.Name == enginePeer && p.IkeSas.Any(sa => sa.State == Kyoten.Ike.Sa.IkeSaState.Established));

    private void Publish(DaemonTunnel? tunnel, TunnelEventKind kind, string detail)
    {
        if (tunnel is null)
        {
            return; // a tunnel removed meanwhile: its end was reported when it was removed
        }

        _events.Publish(new TunnelEvent
        {
            UnixMillis = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            Tunnel = tunnel.Name,
            Kind = kind,
            Detail = detail,
        });
    }

    /// <summary>Initiator tunnels try again after a failure (<see cref="TunnelReconnectDelay"/>).</summary>
    private void ScheduleReconnect(DaemonTunnel? tunnel)
    {
        if (tunnel is null || !tunnel.Peer.Initiator || !_tunnels.ContainsKey(tunnel.EnginePeer))
        {
            return;
        }

        var delay = TunnelReconnectDelay.Of(tunnel.Failures, _options.FirstReconnectDelay, _options.MaxReconnectDelay, Random.Shared.NextDouble());
        tunnel.Failures++;
        tunnel.ReconnectTimer?.Dispose();
        tunnel.ReconnectTimer = _time.CreateTimer(_ => Post(() => Reconnect(tunnel)), null, delay, Timeout.InfiniteTimeSpan);
        IkeDaemonLog.Reconnecting(_logger, tunnel.Name, delay);
    }

    private void Reconnect(DaemonTunnel tunnel)
    {
        if (_tunnels.TryGetValue(tunnel.EnginePeer, out var current) && ReferenceEquals(current, tunnel))
        {
            Connect(tunnel);
        }
    }
}
