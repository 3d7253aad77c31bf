namespace Kyoten.Agent.DataPath;

/// <summary>
/// Counters of one installed SA (one direction) for telemetry. <see cref="Drops"/> is the total;
/// the reasons are for inbound SAs (RFC 4303 §3.4 order: replay, integrity, then the inner
/// packet's selectors). An unknown SPI has no SA and is counted per tunnel instead.
/// </summary>
internal sealed record SaStatistics(
    string Tunnel,
    uint Spi,
    bool Inbound,
    long Bytes,
    long Packets,
    long Drops,
    bool SoftLifetimeReached,
    bool HardLifetimeReached)
{
    /// <summary>Duplicate or left of the anti-replay window.</summary>
    public long Replayed { get; init; }

    /// <summary>ICV did not verify.</summary>
    public long AuthFailed { get; init; }

    /// <summary>Found by SPI but malformed: truncated, bad lengths or padding, wrong protocol, or a non-IP inner packet.</summary>
    public long Malformed { get; init; }

    /// <summary>Verified, but the inner packet lies outside the SA's traffic selectors.</summary>
    public long PolicyMismatch { get; init; }
}
