using System.Net;
using System.Net.Sockets;
using Kyoten.Agent.DataPath;
using Kyoten.Ike.Events;

namespace Kyoten.Agent.Ike;

/// <summary>Carrying out what the engine asks for: send, install, remove, arm the timer.</summary>
internal sealed partial class IkeDaemon
{
    private const int NonEspMarkerLength = 4;

    private void ProcessEngineOutput()
    {
        // Events first would be wrong: an UP must not be published before its SA is installed.
        while (_engine.TryDequeueAction(out var action))
        {
            switch (action)
            {
                case SendDatagram send:
                    Send(send);
                    break;
                case InstallChildSa install:
                    Install(install.Parameters);
                    break;
                case RemoveChildSa remove:
                    _dataPath.RemoveSa(remove.PeerName, remove.InboundSpi, remove.OutboundSpi);
                    break;
                case ArmTimer arm:
                    var delay = arm.DueTime - _time.GetUtcNow();
                    _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
                    break;
            }
        }

        while (_engine.TryDequeueEvent(out var ikeEvent))
        {
            OnEvent(ikeEvent!);
        }
    }

    private void Send(SendDatagram send)
    {
        try
        {
            if (send.Local.Port == _options.Engine.NatTraversalPort)
            {
                // The engine already put the marker in front; the data path's SendIke adds its own.
                // A one-octet NAT keepalive is skipped: the data path sends its own for every
                // UDP-encapsulated tunnel from the same socket (RFC 3948 §2.3).
                if (send.Datagram.Length > NonEspMarkerLength)
                {
                    _dataPath.SendIke(send.Remote, send.Datagram.AsSpan(NonEspMarkerLength));
                }
            }
            else
            {
                _ikePort.SendTo(send.Datagram, NetEndpoint.FromIPEndPoint(send.Remote));
            }
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            IkeDaemonLog.SendFailed(_logger, send.Remote.ToString(), e.Message);
        }
    }

    /// <summary>
    /// Installs a CHILD SA pair. The data path adds the new inbound SA before it switches outbound
    /// traffic (make-before-break); the pair it replaces stays until the engine's RemoveChildSa.
    /// </summary>
    private void Install(ChildSaParameters child)
    {
        var limits = _tunnels.TryGetValue(child.PeerName, out var tunnel) ? tunnel.Limits : DataPathLimits.Default;
        if (!ChildSaMapper.TryMap(child, limits, out var inbound, out var outbound, out var error))
        {
            IkeDaemonLog.InstallFailed(_logger, child.PeerName, child.InboundSpi, error!);
            _engine.DeleteChildSa(child.PeerName, child.InboundSpi);
            return;
        }

        bool udp = child.UdpEncapsulation || _options.ForceUdpEncapsulation;
        IPEndPoint peer = udp
            ? new IPEndPoint(child.RemoteEndPoint.Address, child.UdpEncapsulation ? child.RemoteEndPoint.Port : _options.Engine.NatTraversalPort)
            : child.RemoteEndPoint;
        string policyKey = string.Join(',', outbound!.LocalSelectors) + "|" + string.Join(',', outbound.RemoteSelectors);
        try
        {
            if (tunnel is not null && tunnel.PolicyKey != policyKey)
            {
                _dataPath.SetPolicies(child.PeerName, outbound.LocalSelectors, outbound.RemoteSelectors);
                tunnel.PolicyKey = policyKey;
            }

            _dataPath.InstallSa(inbound!, outbound, child.PeerName, peer, udp);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            IkeDaemonLog.InstallFailed(_logger, child.PeerName, child.InboundSpi, e.Message);
            _engine.DeleteChildSa(child.PeerName, child.InboundSpi);
        }
    }
}
