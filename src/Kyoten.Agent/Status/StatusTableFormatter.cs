using System.Globalization;
using System.Text;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Status;

/// <summary>
/// The SA table for humans, after <c>swanctl --list-sas</c>: a summary row per tunnel, then per
/// tunnel the IKE SA (algorithms, SPIs, times) and each CHILD SA with traffic and drops by reason.
/// </summary>
internal static class StatusTableFormatter
{
    private static readonly string[] Header = ["TUNNEL", "STATE", "PEER", "UP", "REKEY IN", "EXPIRES IN", "BYTES IN", "BYTES OUT", "PKTS IN", "PKTS OUT", "DROPS"];

    public static string Format(TelemetryReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Tunnels.Count == 0)
        {
            return "no tunnels configured\n" + IkeLine(report.Ike);
        }

        var rows = new List<string[]> { Header };
        rows.AddRange(report.Tunnels.Select(t => SummaryRow(t, now)));
        var text = new StringBuilder();
        AppendAligned(text, rows);
        foreach (var tunnel in report.Tunnels)
        {
            text.AppendLine();
            AppendDetail(text, tunnel, now);
        }

        text.Append(IkeLine(report.Ike));
        return text.ToString();
    }

    /// <summary>One engine-wide line; drop reasons only when non-zero so a healthy agent prints "drops none".</summary>
    internal static string IkeLine(IkeStatistics? s)
    {
        if (s is null)
        {
            return "";
        }

        (string Name, long Value)[] reasons =
        [
            ("malformed", s.Malformed), ("integrity failed", s.IntegrityFailures), ("unknown SPI", s.UnknownSpi),
            ("out of window", s.OutOfWindow), ("cookies sent", s.CookiesSent), ("cookies invalid", s.CookiesInvalid),
            ("half-open dropped", s.HalfOpenDropped), ("no peer config", s.NoPeerConfig),
        ];
        var drops = string.Join(", ", reasons.Where(r => r.Value != 0).Select(r => $"{r.Name} {r.Value.ToString(CultureInfo.InvariantCulture)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"\nIKE: requests {s.RequestsSent} sent/{s.RequestsReceived} received, responses {s.ResponsesReceived} received/{s.RetransmittedResponses} resent, retransmissions {s.Retransmissions}, exchanges given up {s.ExchangesGivenUp}, drops {(drops.Length == 0 ? "none" : drops)}\n");
    }

    private static string[] SummaryRow(TunnelStatus t, DateTimeOffset now) =>
    [
        t.Tunnel,
        t.IkeState,
        Or(t.PeerAddress, "(dynamic)"),
        Since(t.EstablishedUnix, now),
        Until(t.NextRekeyUnix, now),
        Until(t.ExpiresUnix, now),
        Count(t.ChildSas.Aggregate(0UL, (s, c) => s + c.BytesIn)),
        Count(t.ChildSas.Aggregate(0UL, (s, c) => s + c.BytesOut)),
        Count(t.ChildSas.Aggregate(0UL, (s, c) => s + c.PacketsIn)),
        Count(t.ChildSas.Aggregate(0UL, (s, c) => s + c.PacketsOut)),
        Count(t.ChildSas.Aggregate(TotalDrops(t.Drops), (s, c) => s + TotalDrops(c.Drops))),
    ];

    private static void AppendDetail(StringBuilder text, TunnelStatus t, DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{t.Tunnel}: {t.IkeState}, peer {Or(t.PeerAddress, "(dynamic)")}{(t.NatDetected ? ", NAT detected" : "")}\n");
        if (t.IkeSpiI != 0 || t.IkeSpiR != 0)
        {
            text.Append(inv, $"  IKE SA {t.IkeSpiI:x16}_i {t.IkeSpiR:x16}_r, {Or(t.IkeAlgorithms, "-")}\n");
            text.Append(inv, $"  established {Since(t.EstablishedUnix, now)} ago, rekeying in {Until(t.NextRekeyUnix, now)}, expires in {Until(t.ExpiresUnix, now)}, {t.IkeRekeys} rekeys\n");
        }

        if (t.Drops is { UnknownSpi: > 0 } tunnelDrops)
        {
            text.Append(inv, $"  drops outside any CHILD SA: unknown SPI {tunnelDrops.UnknownSpi}\n");
        }

        foreach (var c in t.ChildSas)
        {
            text.Append(inv, $"  CHILD SA {c.Protocol} {c.Mode}, SPIs {c.SpiIn:x8}_i {c.SpiOut:x8}_o, {Or(c.Algorithms, "-")}\n");
            text.Append(inv, $"    established {Since(c.EstablishedUnix, now)} ago, rekeying in {Until(c.NextRekeyUnix, now)}, expires in {Until(c.ExpiresUnix, now)}, {c.Rekeys} rekeys\n");
            text.Append(inv, $"    in  {c.BytesIn} bytes, {c.PacketsIn} packets\n");
            text.Append(inv, $"    out {c.BytesOut} bytes, {c.PacketsOut} packets\n");
            var d = c.Drops ?? new DropCounters();
            text.Append(inv, $"    drops: unknown SPI {d.UnknownSpi}, replayed {d.Replayed}, auth failed {d.AuthFailed}, malformed {d.Malformed}, policy mismatch {d.PolicyMismatch}\n");
            text.Append(inv, $"    {string.Join(",", c.LocalTs)} === {string.Join(",", c.RemoteTs)}\n");
        }
    }

    private static void AppendAligned(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, Header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static ulong TotalDrops(DropCounters? d) =>
        d is null ? 0 : d.UnknownSpi + d.Replayed + d.AuthFailed + d.Malformed + d.PolicyMismatch;

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;

    private static string Count(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Since(long unix, DateTimeOffset now) => unix == 0 ? "-" : Duration(now - DateTimeOffset.FromUnixTimeSeconds(unix));

    private static string Until(long unix, DateTimeOffset now) => unix == 0 ? "-" : Duration(DateTimeOffset.FromUnixTimeSeconds(unix) - now);

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "0s";
        }

        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s");
    }
}
