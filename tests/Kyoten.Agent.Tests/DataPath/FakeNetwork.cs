using System.Collections.Concurrent;
using System.Net;
using Kyoten.Agent.DataPath;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// An in-memory WAN: UDP sockets keyed by endpoint and raw IP sockets keyed by (address,
/// protocol). Everything sent is also recorded, so tests can check what crossed the "wire".
/// </summary>
internal sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<(NetEndpoint, byte), FakeDatagramSocket> _sockets = new();

    public ConcurrentQueue<byte[]> Wire { get; } = new();

    public FakeDatagramSocket Udp(string address, int port) => Add(new IPEndPoint(IPAddress.Parse(address), port), 0);

    public FakeDatagramSocket Raw(string address, byte protocol) => Add(new IPEndPoint(IPAddress.Parse(address), 0), protocol);

    private volatile Nat? _nat;

    /// <summary>
    /// A NAT in front of <paramref name="inside"/> with a fresh mapping to <paramref name="outside"/>:
    /// what the inside socket sends appears to come from outside; datagrams to outside reach the
    /// inside socket, and the old mapping (the inside endpoint itself) is gone.
    /// </summary>
    public void Remap(NetEndpoint inside, NetEndpoint outside) => _nat = new Nat(inside, outside);

    internal void Deliver(FakeDatagramSocket from, ReadOnlySpan<byte> datagram, NetEndpoint to)
    {
        byte[] copy = datagram.ToArray();
        Wire.Enqueue(copy);
        NetEndpoint source = from.LocalEndPoint;
        if (_nat is { } nat && from.Protocol == 0)
        {
            if (to == nat.Inside)
            {
                return; // the expired mapping
            }

            source = source == nat.Inside ? nat.Outside : source;
            to = to == nat.Outside ? nat.Inside : to;
        }

        byte protocol = from.Protocol;
        if (protocol != 0)
        {
            // Raw: the receiver of the IP protocol in the header (ESP sockets also send AH with IP_HDRINCL).
            protocol = copy[9];
        }

        if (_sockets.TryGetValue((to, protocol), out FakeDatagramSocket? target))
        {
            target.Enqueue(copy, source);
        }
    }

    private FakeDatagramSocket Add(IPEndPoint endPoint, byte protocol)
    {
        var socket = new FakeDatagramSocket(this, NetEndpoint.FromIPEndPoint(endPoint), protocol);
        _sockets[(socket.LocalEndPoint, protocol)] = socket;
        return socket;
    }

    private sealed record Nat(NetEndpoint Inside, NetEndpoint Outside);
}
