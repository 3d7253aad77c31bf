namespace Kyoten.Controller.Data.Telemetry;

/// <summary>One report's view of one CHILD SA pair (counters are cumulative as the agent reports them).</summary>
public sealed class ChildSaSample
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid AgentId { get; set; }

    public required string Tunnel { get; set; }

    public long SpiIn { get; set; }

    public long SpiOut { get; set; }

    public string Algorithms { get; set; } = "";

    public string Protocol { get; set; } = "";

    public string Mode { get; set; } = "";

    public DateTimeOffset? EstablishedAt { get; set; }

    public DateTimeOffset? NextRekeyAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public long BytesIn { get; set; }

    public long BytesOut { get; set; }

    public long PacketsIn { get; set; }

    public long PacketsOut { get; set; }

    public long DropsUnknownSpi { get; set; }

    public long DropsReplayed { get; set; }

    public long DropsAuthFailed { get; set; }

    public long DropsMalformed { get; set; }

    public long DropsPolicyMismatch { get; set; }

    public int Rekeys { get; set; }
}
