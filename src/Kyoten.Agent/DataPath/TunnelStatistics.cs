namespace Kyoten.Agent.DataPath;

/// <summary>Counters of one tunnel that belong to no SA: ESP/AH from the peer with an SPI no inbound SA has.</summary>
internal sealed record TunnelStatistics(string Tunnel, long UnknownSpi);
