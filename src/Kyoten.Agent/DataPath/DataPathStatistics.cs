namespace Kyoten.Agent.DataPath;

/// <summary>
/// A snapshot of the engine-wide counters for telemetry. Per-SA bytes, packets and drops are on
/// the Kyoten.Esp SA objects (<see cref="DataPathEngine.GetSaStatistics"/>).
/// </summary>
internal sealed record DataPathStatistics(
    long PacketsFromTun,
    long PacketsToTun,
    long DatagramsReceived,
    long IkeDatagramsReceived,
    long KeepalivesReceived,
    long KeepalivesSent,
    IReadOnlyDictionary<DropReason, long> Drops)
{
    public long DropCount(DropReason reason) => Drops.TryGetValue(reason, out long count) ? count : 0;
}
