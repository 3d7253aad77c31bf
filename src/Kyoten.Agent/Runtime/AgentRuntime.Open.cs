using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Sockets;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;
using Kyoten.Agent.DataPath.Udp;
using Kyoten.Agent.Ike;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Runtime;

/// <summary>Opening the TUN device, the data path and the IKE daemon once, with the first configuration.</summary>
internal sealed partial class AgentRuntime
{
    private const int DefaultMtu = 1400;

    private bool TryOpen(AgentConfig config, IPAddress listen, List<string> errors)
    {
        string tun = config.DataPath is { TunName.Length: > 0 } dp ? dp.TunName : DefaultTunName;
        int mtu = config.DataPath is { Mtu: > 0 } withMtu ? (int)withMtu.Mtu : DefaultMtu;
        bool clamp = config.DataPath?.ClampTcpMss ?? true;
        // Raw ESP/AH sockets need a concrete IPv4 address; on "any" ESP always goes in UDP 4500.
        bool raw = listen.AddressFamily == AddressFamily.InterNetwork && !listen.Equals(IPAddress.Any);
        DataPathEngine? dataPath = null;
        IDatagramSocket? ikePort = null;
        try
        {
            var options = new DataPathOptions
            {
                Tun = new TunOptions(tun, mtu),
                UdpEncapsulationEndPoint = new IPEndPoint(listen, 4500),
                RawLocalAddress = raw ? listen : null,
                ClampTcpMss = clamp,
            };
            try
            {
                dataPath = DataPathEngine.Open(options, time, loggers.CreateLogger<DataPathEngine>());
            }
            catch (Exception e) when (raw && e is SocketException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                RuntimeLog.RawUnavailable(_logger, e.Message);
                raw = false;
                dataPath = DataPathEngine.Open(options with { RawLocalAddress = null }, time, loggers.CreateLogger<DataPathEngine>());
            }

            ikePort = UdpBatchSocket.Bind(new IPEndPoint(listen, PeerConfigMapper.IkePort), offloads: false, batch: 8);
            var daemon = new IkeDaemon(
                new IkeDaemonOptions { IkeEndPoint = new IPEndPoint(listen, PeerConfigMapper.IkePort), ForceUdpEncapsulation = !raw },
                dataPath,
                ikePort,
                events,
                time,
                loggers.CreateLogger<IkeDaemon>());
            dataPath.Start();
            daemon.Start();
            _dataPath = dataPath;
            _daemon = daemon;
            _routes = new LanRoutes(tun, _logger);
            _listen = listen;
            RuntimeLog.Opened(_logger, tun, listen.ToString(), raw);
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            ikePort?.Dispose();
            dataPath?.Dispose();
            errors.Add($"data_path: cannot open TUN {tun} or bind UDP 500/4500 on {listen}: {e.Message}");
            return false;
        }
    }
}
