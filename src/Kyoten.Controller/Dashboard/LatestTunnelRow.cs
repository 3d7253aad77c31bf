namespace Kyoten.Controller.Dashboard;

/// <summary>A row of the latest-report-per-tunnel SQL (column names match the properties).</summary>
internal sealed class LatestTunnelRow
{
    public Guid SiteId { get; set; }

    public string Tunnel { get; set; } = "";

    public string IkeState { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? NextRekeyAt { get; set; }
}
