namespace Kyoten.Controller.Dashboard;

/// <summary>What the dashboard makes of a tunnel's latest reports.</summary>
public enum TunnelState
{
    Unknown,
    Up,
    Down,
}
