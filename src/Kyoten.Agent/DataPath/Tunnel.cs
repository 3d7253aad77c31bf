using System.Net;
using System.Runtime.CompilerServices;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// One tunnel to a peer: its policies (SPD entries tagged with <see cref="Id"/>), where protected
/// packets go, and the SAs installed for it. Mutated only under the engine's control lock; the
/// fields the packet threads read are swapped atomically.
/// </summary>
internal sealed class Tunnel
{
    private StrongBox<NetEndpoint> _peer = new(default);
    private int _maxInnerLength = int.MaxValue;
    private long _unknownSpiDrops;
    private long _rebindings;

    public Tunnel(string name, int id)
    {
        Name = name;
        Id = id;
    }

    public string Name { get; }

    /// <summary>The <see cref="SpdEntry.Handle"/> of this tunnel's policies.</summary>
    public int Id { get; }

    /// <summary>
    /// Where protected packets go: UDP 4500 of the peer, or its address (port 0) for raw IP. Boxed,
    /// so the receive thread can move it (NAT rebinding) while the send thread reads it, never torn.
    /// </summary>
    public NetEndpoint Peer
    {
        get => Volatile.Read(ref _peer).Value;
        set => Volatile.Write(ref _peer, new StrongBox<NetEndpoint>(value));
    }

    public bool UdpEncapsulation { get; set; }

    /// <summary>Outer addresses for raw ESP tunnel mode and UDP-encapsulated transport mode.</summary>
    public IPAddress? LocalAddress { get; set; }

    public IPAddress? RemoteAddress { get; set; }

    /// <summary>Length of the outer IP header the engine writes for raw ESP tunnel mode.</summary>
    public int OuterHeaderLength => RemoteAddress?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpPacket.IPv6HeaderLength : IpPacket.IPv4HeaderLength;

    /// <summary>Largest inner packet that fits the WAN MTU with the current outbound SA.</summary>
    public int MaxInnerLength
    {
        get => Volatile.Read(ref _maxInnerLength);
        set => Volatile.Write(ref _maxInnerLength, value);
    }

    public SpdEntry[] Policies { get; set; } = [];

    /// <summary>Current outbound SA (the one the policies point at).</summary>
    public OutboundSa? Outbound { get; set; }

    /// <summary>Every installed SA of the tunnel, current and not yet removed.</summary>
    public List<InboundSa> InboundSas { get; } = [];

    public List<OutboundSa> OutboundSas { get; } = [];

    /// <summary>ESP/AH from this peer's address whose SPI has no inbound SA (stale after a rekey, or forged).</summary>
    public long UnknownSpiDrops => Interlocked.Read(ref _unknownSpiDrops);

    public void CountUnknownSpi() => Interlocked.Increment(ref _unknownSpiDrops);

    /// <summary>Times an authenticated UDP-encapsulated packet moved <see cref="Peer"/> to a new address or port.</summary>
    public long Rebindings => Interlocked.Read(ref _rebindings);

    public void CountRebinding() => Interlocked.Increment(ref _rebindings);
}
