using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Testing.Sites;

/// <summary>What the tests read from a status report.</summary>
public static class StatusQueries
{
    public static TunnelStatus? Tunnel(this TelemetryReport report, string name) => report.Tunnels.FirstOrDefault(t => t.Tunnel == name);

    /// <summary>ESTABLISHED with at least one CHILD SA.</summary>
    public static bool IsUp(this TelemetryReport report, string tunnel) =>
        report.Tunnel(tunnel) is { IkeState: "ESTABLISHED" or "REKEYING", ChildSas.Count: > 0 };

    public static bool AllUp(this TelemetryReport report) => report.Tunnels.Count > 0 && report.Tunnels.All(t => report.IsUp(t.Tunnel));

    /// <summary>The newest CHILD SA (the one traffic uses).</summary>
    public static ChildSaStatus Child(this TelemetryReport report, string tunnel) =>
        report.Tunnel(tunnel)!.ChildSas.OrderBy(c => c.EstablishedUnix).Last();
}
