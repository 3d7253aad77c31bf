using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kyoten.Ike;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;

namespace Kyoten.Benchmarks.Ike;

/// <summary>
/// Load generator for strongswan-responder.sh: our engine as initiator, over real UDP, keeping
/// <c>concurrency</c> handshakes in flight against one responder and deleting each IKE SA once its
/// CHILD SA is up, so the responder's state stays small. Prints the handshakes completed (CHILD SA
/// installed) in the measured window. Run inside a network namespace:
/// <c>dotnet Kyoten.Benchmarks.dll --strongswan-load LOCAL REMOTE PSK WARMUP_S MEASURE_S CONCURRENCY</c>.
/// </summary>
internal static class StrongSwanLoadDriver
{
    public const string Switch = "--strongswan-load";

    public static int Run(string[] args)
    {
        var local = new IPEndPoint(IPAddress.Parse(args[1]), 500);
        var remote = new IPEndPoint(IPAddress.Parse(args[2]), 500);
        var psk = System.Text.Encoding.UTF8.GetBytes(args[3]);
        var warmup = TimeSpan.FromSeconds(int.Parse(args[4], CultureInfo.InvariantCulture));
        var measure = TimeSpan.FromSeconds(int.Parse(args[5], CultureInfo.InvariantCulture));
        int concurrency = int.Parse(args[6], CultureInfo.InvariantCulture);

        // kernel-libipsec makes charon fake a NAT, so IKE_AUTH moves to port 4500 (RFC 7296 §2.23).
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(local);
        using var natSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        natSocket.Bind(new IPEndPoint(local.Address, 4500));
        var sockets = new List<Socket> { socket, natSocket };
        var readable = new List<Socket>(2);
        var engine = new IkeEngine(new IkeEngineOptions { RetransmitTimeout = TimeSpan.FromSeconds(2), RetransmitTries = 2, ReconnectDelay = TimeSpan.Zero }, TimeProvider.System);
        var idle = new Queue<string>();
        for (int i = 0; i < concurrency; i++)
        {
            var name = "load" + i.ToString(CultureInfo.InvariantCulture);
            engine.AddPeer(new PeerConfig
            {
                Name = name,
                LocalEndPoint = local,
                RemoteEndPoint = remote,
                LocalId = IkeIdentity.Fqdn("kyoten.example"),
                RemoteId = IkeIdentity.Fqdn("strongswan.example"),
                PreSharedKey = psk,
                IkeProposals = ["aes256gcm16-prfsha256-x25519"],
                ChildProposals = ["aes256gcm16"],
                LocalTrafficSelectors = ["198.18.1.0/24"],
                RemoteTrafficSelectors = ["198.18.2.0/24"],
                Initiator = true,
                DpdInterval = TimeSpan.Zero,
            });
            idle.Enqueue(name);
        }

        var buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        DateTimeOffset? timer = null;
        var clock = Stopwatch.StartNew();
        long completed = 0, failed = 0, atWarmupEnd = -1;
        while (clock.Elapsed < warmup + measure)
        {
            if (atWarmupEnd < 0 && clock.Elapsed >= warmup)
            {
                atWarmupEnd = completed;
            }

            while (idle.TryDequeue(out var name))
            {
                engine.Initiate(name);
            }

            readable.Clear();
            readable.AddRange(sockets);
            Socket.Select(readable, null, null, 1000);
            foreach (var ready in readable)
            {
                int length = ready.ReceiveFrom(buffer, ref from);
                engine.OnDatagram((IPEndPoint)ready.LocalEndPoint!, (IPEndPoint)from, buffer.AsSpan(0, length));
            }

            if (timer is { } due && TimeProvider.System.GetUtcNow() >= due)
            {
                timer = null;
                engine.Tick();
            }

            while (engine.TryDequeueAction(out var action))
            {
                switch (action)
                {
                    case SendDatagram send:
                        (send.Local.Port == 4500 ? natSocket : socket).SendTo(send.Datagram, send.Remote);
                        break;
                    case InstallChildSa:
                        completed++;
                        break;
                    case ArmTimer arm:
                        timer = arm.DueTime;
                        break;
                }
            }

            while (engine.TryDequeueEvent(out var ikeEvent))
            {
                switch (ikeEvent)
                {
                    case IkeSaEstablished established:
                        engine.Terminate(established.PeerName);
                        break;
                    case IkeSaDeleted deleted:
                        idle.Enqueue(deleted.PeerName);
                        break;
                    case Failed failure:
                        if (failed++ < 3)
                        {
                            Console.Error.WriteLine($"failed: {failure.Reason}");
                        }

                        break;
                }
            }
        }

        long measured = completed - Math.Max(0, atWarmupEnd);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"handshakes {measured} in {measure.TotalSeconds:F0} s = {measured / measure.TotalSeconds:F0}/s (total {completed}, failed {failed})"));
        return 0;
    }
}
