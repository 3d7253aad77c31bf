using Kyoten.Controller.Data.Telemetry;

namespace Kyoten.Controller.Dashboard;

/// <summary>Filters of the events page; null means any.</summary>
public sealed record EventFilter(string? Site, string? Tunnel, FleetEventKind? Kind);
