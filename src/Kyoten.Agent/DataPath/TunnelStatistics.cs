namespace Kyoten.Agent.DataPath;

/// <summary>
/// Counters of one tunnel that belong to no SA: ESP/AH from the peer with an SPI no inbound SA has,
/// and NAT rebindings (with the peer endpoint they led to).
/// </summary>
internal sealed record TunnelStatistics(string Tunnel, long UnknownSpi)
{
    public long Rebindings { get; init; }

    /// <summary>Where the tunnel sends now, "address:port" (text, so the stats JSON can carry it).</summary>
    public string Peer { get; init; } = "";
}
