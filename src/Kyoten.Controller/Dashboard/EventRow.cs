using Kyoten.Controller.Data.Telemetry;

namespace Kyoten.Controller.Dashboard;

/// <summary>A fleet event with its site's name.</summary>
public sealed record EventRow(long Id, DateTimeOffset At, Guid? SiteId, string? Site, string? Tunnel, FleetEventKind Kind, string Detail);
