using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Control;

/// <summary>The live SA table: sent to the controller every telemetry interval and served to <c>kyoten-agent status</c>.</summary>
internal interface ITelemetrySource
{
    /// <summary>A fresh snapshot the caller may keep; must be cheap and thread-safe.</summary>
    TelemetryReport Snapshot();
}
