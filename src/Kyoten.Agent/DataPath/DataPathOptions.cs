using System.Net;
using Kyoten.Agent.DataPath.Tun;

namespace Kyoten.Agent.DataPath;

/// <summary>Settings of one data path engine (one TUN, one NAT-T socket, optional raw ESP/AH sockets).</summary>
internal sealed record DataPathOptions
{
    public required TunOptions Tun { get; init; }

    /// <summary>Where ESP-in-UDP and IKE-on-4500 arrive (RFC 3948), e.g. 0.0.0.0:4500.</summary>
    public required IPEndPoint UdpEncapsulationEndPoint { get; init; }

    /// <summary>
    /// Local address for raw ESP (50) and AH (51) sockets, IPv4 or IPv6 (raw tunnels then need peers
    /// of that family); null = no raw sockets.
    /// </summary>
    public IPAddress? RawLocalAddress { get; init; }

    /// <summary>UDP GSO/GRO on the NAT-T socket.</summary>
    public bool UdpOffloads { get; init; } = true;

    /// <summary>MTU of the WAN path; packets that would exceed it once protected and carry DF get ICMP.</summary>
    public int WanMtu { get; init; } = 1500;

    /// <summary>Lower the MSS of TCP SYNs entering the tunnel so segments fit without fragmentation.</summary>
    public bool ClampTcpMss { get; init; } = true;

    /// <summary>RFC 3948 §2.3 keepalive interval per UDP-encapsulated peer.</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// SO_MARK of the NAT-T and raw sockets (0 = none). Transport mode needs it: the protected
    /// host-to-host traffic and the ESP/AH datagrams carrying it share a destination, and only the
    /// mark lets policy routing keep the datagrams off the TUN.
    /// </summary>
    public int FirewallMark { get; init; }

    /// <summary>Packets per batch (TUN reads, recvmmsg, sendmmsg).</summary>
    public int BatchSize { get; init; } = 64;
}
