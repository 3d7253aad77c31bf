using Kyoten.Agent.DataPath;
using Kyoten.Agent.Ike;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Status;
using IkeChildStatus = Kyoten.Ike.Status.ChildSaStatus;
using WireChildStatus = Kyoten.Contracts.Agent.V1.ChildSaStatus;

namespace Kyoten.Agent.Runtime;

/// <summary>IKE status + data-path SA counters → one <see cref="TelemetryReport"/> row per configured tunnel.</summary>
internal static class TelemetryBuilder
{
    public static TelemetryReport Build(
        DateTimeOffset now,
        IEnumerable<(string Tunnel, string EnginePeer, string PeerAddress)> configured,
        DaemonSnapshot snapshot,
        IReadOnlyList<SaStatistics> saStatistics,
        IReadOnlyList<TunnelStatistics>? tunnelStatistics = null)
    {
        var report = new TelemetryReport { UnixMillis = now.ToUnixTimeMilliseconds() };
        var stats = saStatistics.ToDictionary(s => (s.Tunnel, s.Spi, s.Inbound));
        var unknownSpi = (tunnelStatistics ?? []).ToDictionary(t => t.Tunnel, t => t.UnknownSpi);
        foreach (var (name, enginePeer, peerAddress) in configured)
        {
            var counters = snapshot.Tunnels.FirstOrDefault(t => t.EnginePeer == enginePeer);
            var peer = snapshot.Status.Peers.FirstOrDefault(p => p.Name == enginePeer);
            var row = new TunnelStatus
            {
                Tunnel = name,
                PeerAddress = peerAddress,
                IkeState = "DOWN",
                IkeRekeys = (uint)(counters?.IkeRekeys ?? 0),
                Drops = new DropCounters { UnknownSpi = (ulong)unknownSpi.GetValueOrDefault(enginePeer) },
            };
            var sas = peer?.IkeSas ?? [];
            var main = sas.FirstOrDefault(s => s.State == IkeSaState.Established) ?? sas.LastOrDefault();
            if (main is not null)
            {
                row.IkeState = State(main, sas);
                row.IkeAlgorithms = main.Algorithms?.ToString() ?? "";
                row.IkeSpiI = main.InitiatorSpi;
                row.IkeSpiR = main.ResponderSpi;
                row.EstablishedUnix = main.EstablishedAt?.ToUnixTimeSeconds() ?? 0;
                row.NextRekeyUnix = main.NextRekey is { } rekey && rekey != DateTimeOffset.MaxValue ? rekey.ToUnixTimeSeconds() : 0;
                row.NatDetected = main.NatDetected;
                if (main.Remote.Address is { } remote && peerAddress.Length == 0)
                {
                    row.PeerAddress = remote.ToString();
                }
            }

            foreach (var child in sas.SelectMany(s => s.Children))
            {
                row.ChildSas.Add(Child(child, enginePeer, stats, (uint)(counters?.ChildRekeys ?? 0)));
            }

            report.Tunnels.Add(row);
        }

        if (snapshot.Statistics is { } engine)
        {
            report.Ike = IkeStatisticsMapper.ToWire(engine);
        }

        return report;
    }

    private static string State(IkeSaStatus main, IReadOnlyList<IkeSaStatus> all) => main.State switch
    {
        IkeSaState.Connecting or IkeSaState.Authenticating => "CONNECTING",
        IkeSaState.Established when all.Count > 1 => "REKEYING",
        IkeSaState.Established => "ESTABLISHED",
        IkeSaState.Rekeyed => "REKEYING",
        IkeSaState.Deleting => "DELETING",
        _ => "DOWN",
    };

    private static WireChildStatus Child(IkeChildStatus child, string enginePeer, Dictionary<(string, uint, bool), SaStatistics> stats, uint rekeys)
    {
        stats.TryGetValue((enginePeer, child.InboundSpi, true), out var inbound);
        stats.TryGetValue((enginePeer, child.OutboundSpi, false), out var outbound);
        var row = new WireChildStatus
        {
            SpiIn = child.InboundSpi,
            SpiOut = child.OutboundSpi,
            Algorithms = child.Algorithms.ToString(),
            Protocol = child.Protocol.ToString().ToUpperInvariant(),
            Mode = child.Mode.ToString().ToUpperInvariant(),
            EstablishedUnix = child.EstablishedAt.ToUnixTimeSeconds(),
            NextRekeyUnix = child.NextRekey?.ToUnixTimeSeconds() ?? 0,
            ExpiresUnix = child.ExpiresAt == DateTimeOffset.MaxValue ? 0 : child.ExpiresAt.ToUnixTimeSeconds(),
            BytesIn = (ulong)(inbound?.Bytes ?? 0),
            BytesOut = (ulong)(outbound?.Bytes ?? 0),
            PacketsIn = (ulong)(inbound?.Packets ?? 0),
            PacketsOut = (ulong)(outbound?.Packets ?? 0),
            // An unknown SPI has no SA: it is on the tunnel row (TunnelStatus.drops), not here.
            Drops = new DropCounters
            {
                Replayed = (ulong)(inbound?.Replayed ?? 0),
                AuthFailed = (ulong)(inbound?.AuthFailed ?? 0),
                Malformed = (ulong)(inbound?.Malformed ?? 0),
                PolicyMismatch = (ulong)(inbound?.PolicyMismatch ?? 0),
            },
            Rekeys = rekeys,
        };
        row.LocalTs.AddRange(child.LocalTrafficSelectors.Select(Format));
        row.RemoteTs.AddRange(child.RemoteTrafficSelectors.Select(Format));
        return row;
    }

    /// <summary>"198.18.1.0/24" when the range is a prefix, else "start-end"; protocol and ports when narrowed.</summary>
    internal static string Format(Kyoten.Ike.Payloads.TrafficSelector ts)
    {
        var start = ts.StartAddress.GetAddressBytes();
        var end = ts.EndAddress.GetAddressBytes();
        int bits = start.Length * 8;
        int prefix = 0;
        while (prefix < bits && Bit(start, prefix) == Bit(end, prefix))
        {
            prefix++;
        }

        bool isPrefix = true;
        for (int b = prefix; b < bits; b++)
        {
            isPrefix &= !Bit(start, b) && Bit(end, b);
        }

        string range = isPrefix ? $"{ts.StartAddress}/{prefix}" : $"{ts.StartAddress}-{ts.EndAddress}";
        bool allPorts = ts.StartPort == 0 && ts.EndPort == ushort.MaxValue;
        return ts.IpProtocol == 0 && allPorts ? range : $"{range}[{ts.IpProtocol}/{ts.StartPort}-{ts.EndPort}]";
    }

    private static bool Bit(byte[] address, int bit) => (address[bit / 8] & (0x80 >> (bit % 8))) != 0;
}
