namespace Kyoten.Controller.Dashboard;

/// <summary>
/// In-process "something changed" signal for the dashboard: raised after telemetry is written,
/// after a NOTIFY from any replica and after a dashboard command. Pages re-query on it.
/// </summary>
public sealed class FleetSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
