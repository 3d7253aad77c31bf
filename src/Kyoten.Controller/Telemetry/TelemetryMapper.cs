using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data.Telemetry;

namespace Kyoten.Controller.Telemetry;

/// <summary>Protobuf telemetry to rows. Unsigned counters are stored as bigint (wrapping past 2^63 is not a concern).</summary>
internal static class TelemetryMapper
{
    private const int MaxText = 200;

    public static void AddRows(IngestItem.Report report, List<TunnelSample> tunnels, List<ChildSaSample> children)
    {
        var at = report.Body.UnixMillis > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(report.Body.UnixMillis) : report.ReceivedAt;
        foreach (var t in report.Body.Tunnels.Take(1000))
        {
            var name = Clip(t.Tunnel);
            tunnels.Add(new TunnelSample
            {
                At = at,
                AgentId = report.AgentId,
                SiteId = report.SiteId,
                Tunnel = name,
                PeerAddress = Clip(t.PeerAddress),
                IkeState = Clip(t.IkeState),
                IkeAlgorithms = Clip(t.IkeAlgorithms),
                IkeSpiI = unchecked((long)t.IkeSpiI),
                IkeSpiR = unchecked((long)t.IkeSpiR),
                EstablishedAt = Time(t.EstablishedUnix),
                NextRekeyAt = Time(t.NextRekeyUnix),
                ExpiresAt = Time(t.ExpiresUnix),
                IkeRekeys = (int)Math.Min(t.IkeRekeys, int.MaxValue),
                NatDetected = t.NatDetected,
                DropsUnknownSpi = unchecked((long)(t.Drops?.UnknownSpi ?? 0)),
            });
            foreach (var c in t.ChildSas.Take(64))
            {
                children.Add(new ChildSaSample
                {
                    At = at,
                    AgentId = report.AgentId,
                    Tunnel = name,
                    SpiIn = c.SpiIn,
                    SpiOut = c.SpiOut,
                    Algorithms = Clip(c.Algorithms),
                    Protocol = Clip(c.Protocol),
                    Mode = Clip(c.Mode),
                    EstablishedAt = Time(c.EstablishedUnix),
                    NextRekeyAt = Time(c.NextRekeyUnix),
                    ExpiresAt = Time(c.ExpiresUnix),
                    BytesIn = unchecked((long)c.BytesIn),
                    BytesOut = unchecked((long)c.BytesOut),
                    PacketsIn = unchecked((long)c.PacketsIn),
                    PacketsOut = unchecked((long)c.PacketsOut),
                    DropsUnknownSpi = unchecked((long)(c.Drops?.UnknownSpi ?? 0)),
                    DropsReplayed = unchecked((long)(c.Drops?.Replayed ?? 0)),
                    DropsAuthFailed = unchecked((long)(c.Drops?.AuthFailed ?? 0)),
                    DropsMalformed = unchecked((long)(c.Drops?.Malformed ?? 0)),
                    DropsPolicyMismatch = unchecked((long)(c.Drops?.PolicyMismatch ?? 0)),
                    Rekeys = (int)Math.Min(c.Rekeys, int.MaxValue),
                });
            }
        }
    }

    public static FleetEvent ToEvent(Guid agentId, Guid siteId, DateTimeOffset receivedAt, TunnelEvent e) => new()
    {
        At = e.UnixMillis > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(e.UnixMillis) : receivedAt,
        AgentId = agentId,
        SiteId = siteId,
        Tunnel = Clip(e.Tunnel),
        Kind = e.Kind switch
        {
            TunnelEventKind.Up => FleetEventKind.TunnelUp,
            TunnelEventKind.Down => FleetEventKind.TunnelDown,
            TunnelEventKind.Rekeyed => FleetEventKind.Rekeyed,
            TunnelEventKind.RekeyFailed => FleetEventKind.RekeyFailed,
            TunnelEventKind.AuthFailed => FleetEventKind.AuthFailed,
            _ => FleetEventKind.Other,
        },
        Detail = e.Detail.Length > 4000 ? e.Detail[..4000] : e.Detail,
    };

    private static DateTimeOffset? Time(long unixSeconds) =>
        unixSeconds > 0 && unixSeconds < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds) : null;

    private static string Clip(string text) => text.Length > MaxText ? text[..MaxText] : text;
}
