using Kyoten.Esp;

namespace Kyoten.Agent.Ike;

/// <summary>Adding and removing tunnels (called by the configuration applier through the loop).</summary>
internal sealed partial class IkeDaemon
{
    /// <summary>Adds the tunnel's peer, its policies (traffic is dropped, never sent in clear, until an SA is up) and initiates.</summary>
    public Task AddTunnelAsync(DaemonTunnel tunnel) => InvokeAsync(() =>
    {
        _engine.AddPeer(tunnel.Peer);
        _tunnels[tunnel.EnginePeer] = tunnel;
        if (tunnel.Peer.Mode == Kyoten.Ike.Config.ChildMode.Tunnel)
        {
            var local = tunnel.Peer.LocalTrafficSelectors.Select(ToSelector).ToList();
            var remote = tunnel.Peer.RemoteTrafficSelectors.Select(ToSelector).ToList();
            _dataPath.SetPolicies(tunnel.EnginePeer, local, remote);
            tunnel.PolicyKey = string.Join(',', local) + "|" + string.Join(',', remote);
        }

        IkeDaemonLog.TunnelAdded(_logger, tunnel.Name, tunnel.Peer.Initiator);
        if (tunnel.Peer.Initiator)
        {
            _engine.Initiate(tunnel.EnginePeer);
        }

        return true;
    });

    /// <summary>Deletes the tunnel's IKE SA with an INFORMATIONAL Delete and drops its data-path state.</summary>
    public Task RemoveTunnelAsync(string enginePeer) => InvokeAsync(() =>
    {
        if (_tunnels.Remove(enginePeer, out var tunnel))
        {
            tunnel.ReconnectTimer?.Dispose();
            IkeDaemonLog.TunnelRemoved(_logger, tunnel.Name);
        }

        _engine.RemovePeer(enginePeer);
        _dataPath.RemoveTunnel(enginePeer);
        return true;
    });

    /// <summary>Sends Deletes for every tunnel (graceful shutdown).</summary>
    public Task TerminateAllAsync() => InvokeAsync(() =>
    {
        foreach (var name in _tunnels.Keys.ToList())
        {
            _engine.Terminate(name);
        }

        return true;
    });

    /// <summary>Soft volume lifetime on an outbound SA (bytes/packets) → rekey that CHILD SA now.</summary>
    private void CheckVolumeLifetimes()
    {
        var status = _engine.GetStatus();
        foreach (var sa in _dataPath.GetSaStatistics())
        {
            if (sa.Inbound || !sa.SoftLifetimeReached)
            {
                continue;
            }

            foreach (var child in status.Peers.Where(p => p.Name == sa.Tunnel).SelectMany(p => p.IkeSas).SelectMany(s => s.Children))
            {
                if (child.OutboundSpi == sa.Spi && child.State == "Installed")
                {
                    IkeDaemonLog.VolumeRekey(_logger, sa.Tunnel, sa.Spi);
                    _engine.RekeyChildSa(sa.Tunnel, child.InboundSpi);
                }
            }
        }
    }

    private static TrafficSelector ToSelector(Kyoten.Ike.Config.TrafficSelectorConfig config)
    {
        var network = System.Net.IPNetwork.Parse(config.Cidr);
        return TrafficSelector.FromPrefix(network.BaseAddress, network.PrefixLength, config.Protocol, config.StartPort, config.EndPort);
    }
}
