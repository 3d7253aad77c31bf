namespace Kyoten.Controller.Dashboard;

/// <summary>Traffic in one time bucket, summed over CHILD SAs (counter deltas, so rekeys do not show as drops to zero).</summary>
public sealed record TrafficPoint(DateTimeOffset At, long BytesIn, long BytesOut, long PacketsIn, long PacketsOut);
