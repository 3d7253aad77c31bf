namespace Kyoten.Controller.Dashboard;

/// <summary>One CHILD SA's highest counters within one time bucket.</summary>
internal sealed class TrafficBucketRow
{
    public DateTimeOffset At { get; set; }

    public long SpiIn { get; set; }

    public DateTimeOffset? EstablishedAt { get; set; }

    public long BytesIn { get; set; }

    public long BytesOut { get; set; }

    public long PacketsIn { get; set; }

    public long PacketsOut { get; set; }
}
