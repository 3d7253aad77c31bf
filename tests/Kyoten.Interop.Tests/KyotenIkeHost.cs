using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Kyoten.Ike;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;

namespace Kyoten.Interop.Tests;

/// <summary>
/// A minimal UDP host around <see cref="IkeEngine"/>, run as a child process inside a namespace
/// (<c>ip netns exec NS dotnet Kyoten.Interop.Tests.dll --ike-host JSON</c>). It binds UDP 500 and
/// 4500 on the local address, feeds datagrams to the engine, sends its datagrams, drives its timer
/// with <see cref="TimeProvider.System"/> and prints events and CHILD SA installs as JSON lines.
/// Commands on stdin: initiate, terminate, rekey-ike, rekey-child HEXSPI, esp-ping SEQ, quit. Instead
/// of a data path it has <see cref="EspProbe"/>: one sealed echo request and the opened reply.
/// </summary>
internal sealed class KyotenIkeHost : IDisposable
{
    public const string Switch = "--ike-host";
    private readonly object _gate = new();
    private readonly IkeEngine _engine;
    private readonly IkeHostOptions _options;
    private readonly Dictionary<int, Socket> _sockets = [];
    private readonly ITimer _timer;
    private readonly EspProbe _esp = new();

    private KyotenIkeHost(IkeHostOptions options)
    {
        _options = options;
        _engine = new IkeEngine(new IkeEngineOptions { RetransmitTimeout = TimeSpan.FromSeconds(1), RetransmitTries = 3 }, TimeProvider.System);
        _timer = TimeProvider.System.CreateTimer(_ => Locked(_engine.Tick), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var local = IPAddress.Parse(options.LocalAddress);
        foreach (var port in (int[])[500, 4500])
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(local, port));
            _sockets[port] = socket;
        }

        _engine.AddPeer(new PeerConfig
        {
            Name = options.PeerName,
            LocalEndPoint = new IPEndPoint(local, 500),
            RemoteEndPoint = new IPEndPoint(IPAddress.Parse(options.RemoteAddress), 500),
            LocalId = IkeIdentity.Fqdn(options.LocalId),
            RemoteId = IkeIdentity.Fqdn(options.RemoteId),
            PreSharedKey = options.CertificatePem is null && options.Psk is not null ? Encoding.UTF8.GetBytes(options.Psk) : null,
            Certificate = options.CertificatePem is null ? null : X509Certificate2.CreateFromPem(options.CertificatePem, options.PrivateKeyPem),
            TrustAnchors = options.CaPem is null ? null : [X509Certificate2.CreateFromPem(options.CaPem)],
            IkeProposals = options.IkeProposals,
            ChildProposals = options.ChildProposals,
            LocalTrafficSelectors = [options.LocalTs],
            RemoteTrafficSelectors = [options.RemoteTs],
            Initiator = options.Initiator,
            DpdInterval = TimeSpan.Zero,
        });
    }

    public static int Run(string json)
    {
        var options = JsonSerializer.Deserialize<IkeHostOptions>(json, HostLine.Json) ?? throw new ArgumentException("no host options");
        using var host = new KyotenIkeHost(options);
        foreach (var (port, socket) in host._sockets)
        {
            _ = Task.Run(() => host.ReceiveLoopAsync(socket, port));
        }

        Print(new HostLine("ready"));
        return host.CommandLoop();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _esp.Dispose();
        foreach (var socket in _sockets.Values)
        {
            socket.Dispose();
        }
    }

    private int CommandLoop()
    {
        while (Console.In.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts.FirstOrDefault())
            {
                case "initiate":
                    Locked(() => _engine.Initiate(_options.PeerName));
                    break;
                case "terminate":
                    Locked(() => _engine.Terminate(_options.PeerName));
                    break;
                case "rekey-ike":
                    Locked(() => _engine.RekeyIkeSa(_options.PeerName));
                    break;
                case "rekey-child" when parts.Length == 2:
                    var spi = uint.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    Locked(() => _engine.RekeyChildSa(_options.PeerName, spi));
                    break;
                case "esp-ping" when parts.Length == 2:
                    var sequence = ushort.Parse(parts[1], CultureInfo.InvariantCulture);
                    Locked(() => SendEchoRequest(sequence));
                    break;
                case "quit":
                    return 0;
                default:
                    Print(new HostLine("error") { Text = "unknown command: " + line });
                    break;
            }
        }

        return 0;
    }

    private async Task ReceiveLoopAsync(Socket socket, int port)
    {
        var buffer = new byte[65536];
        var local = (IPEndPoint)socket.LocalEndPoint!;
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                // The socket was closed at quit.
                return;
            }
            catch (SocketException e)
            {
                Print(new HostLine("error") { Text = $"receive on {port}: {e.Message}" });
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            var length = received.ReceivedBytes;
            if (port == 4500 && length == 1 && buffer[0] == 0xff)
            {
                continue; // RFC 3948 §2.3 NAT-keepalive
            }

            if (port == 4500 && length > 8 && buffer.AsSpan(0, 4).IndexOfAnyExcept((byte)0) >= 0)
            {
                // RFC 3948 §2.2: a non-zero first word is an ESP SPI, not the non-ESP marker.
                Locked(() => Print(_esp.Open(buffer.AsSpan(0, length))));
                continue;
            }

            Locked(() => _engine.OnDatagram(local, remote, buffer.AsSpan(0, length)));
        }
    }

    /// <summary>Runs one engine call and carries out everything it asked for, under one lock (the engine is single-threaded).</summary>
    private void Locked(Action call)
    {
        lock (_gate)
        {
            try
            {
                call();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Print(new HostLine("error") { Text = e.ToString() });
            }

            foreach (var action in _engine.DrainActions())
            {
                Carry(action);
            }

            foreach (var ikeEvent in _engine.DrainEvents())
            {
                Print(HostLines.From(ikeEvent));
            }
        }
    }

    private void Carry(IkeAction action)
    {
        switch (action)
        {
            case SendDatagram send when _sockets.TryGetValue(send.Local.Port, out var socket):
                socket.SendTo(send.Datagram, send.Remote);
                break;
            case SendDatagram send:
                Print(new HostLine("error") { Text = "no socket for " + send.Local });
                break;
            case ArmTimer arm:
                var delay = arm.DueTime - TimeProvider.System.GetUtcNow();
                _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
                break;
            case InstallChildSa install:
                _esp.Install(install.Parameters);
                Print(HostLines.Install(install.Parameters));
                break;
            case RemoveChildSa remove:
                _esp.Remove(remove.InboundSpi);
                Print(new HostLine("remove") { InboundSpi = HostLines.Hex(remove.InboundSpi), OutboundSpi = HostLines.Hex(remove.OutboundSpi) });
                break;
        }
    }

    private void SendEchoRequest(ushort sequence)
    {
        if (_esp.SealEchoRequest(sequence) is not { } sealedPacket)
        {
            Print(new HostLine("error") { Text = "esp-ping: no CHILD SA installed" });
            return;
        }

        // ESP in UDP goes between the NAT-T ports without a marker (RFC 3948 §2.1).
        _sockets[4500].SendTo(sealedPacket.Datagram, new IPEndPoint(sealedPacket.Remote.Address, 4500));
        Print(new HostLine("esp-sent") { Text = "seq " + sequence.ToString(CultureInfo.InvariantCulture) });
    }

    private static void Print(HostLine line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line.ToJson());
            Console.Out.Flush();
        }
    }
}
