namespace Kyoten.Agent.DataPath.Static;

/// <summary>
/// JSON description of a data path with fixed keys, for tests and benchmarks
/// (<c>kyoten-agent datapath-static --config file.json</c>). Never for production keys.
/// </summary>
internal sealed record StaticDataPathConfig
{
    public string Tun { get; init; } = "kyt0";

    public int Mtu { get; init; } = 1400;

    /// <summary>TUN virtio header with TSO/USO and UDP GSO/GRO.</summary>
    public bool Offloads { get; init; } = true;

    /// <summary>NAT-T socket, e.g. "192.0.2.1:4500".</summary>
    public string Listen { get; init; } = "0.0.0.0:4500";

    /// <summary>Local IPv4 or IPv6 address for raw ESP/AH sockets (needed by tunnels with "udp": false; one family).</summary>
    public string? RawLocal { get; init; }

    public int WanMtu { get; init; } = 1500;

    public bool ClampTcpMss { get; init; } = true;

    /// <summary>SO_MARK of the data path's sockets (<see cref="DataPathOptions.FirewallMark"/>).</summary>
    public int FirewallMark { get; init; }

    public IReadOnlyList<StaticTunnelConfig> Tunnels { get; init; } = [];
}
