using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data.Telemetry;

namespace Kyoten.Controller.Telemetry;

/// <summary>What the agent streams hand to the batch writer.</summary>
internal abstract record IngestItem
{
    public sealed record Report(Guid AgentId, Guid SiteId, DateTimeOffset ReceivedAt, TelemetryReport Body) : IngestItem;

    public sealed record Event(FleetEvent Body) : IngestItem;

    public sealed record Seen(Guid AgentId, DateTimeOffset At) : IngestItem;

    /// <summary>The agent applied (or refused) a config revision.</summary>
    public sealed record Ack(Guid AgentId, Guid SiteId, DateTimeOffset At, ConfigAck Body) : IngestItem;
}
