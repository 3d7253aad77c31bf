namespace Kyoten.Agent.DataPath;

/// <summary>Counters of one installed SA (one direction) for telemetry.</summary>
internal sealed record SaStatistics(
    string Tunnel,
    uint Spi,
    bool Inbound,
    long Bytes,
    long Packets,
    long Drops,
    bool SoftLifetimeReached,
    bool HardLifetimeReached);
