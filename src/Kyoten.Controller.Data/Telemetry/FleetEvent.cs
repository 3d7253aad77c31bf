namespace Kyoten.Controller.Data.Telemetry;

/// <summary>Something that happened to a tunnel or an agent.</summary>
public sealed class FleetEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? SiteId { get; set; }

    public Guid? AgentId { get; set; }

    public string? Tunnel { get; set; }

    public FleetEventKind Kind { get; set; }

    public string Detail { get; set; } = "";
}
