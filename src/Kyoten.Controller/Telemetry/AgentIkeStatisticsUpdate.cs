using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Kyoten.Controller.Telemetry;

/// <summary>
/// The newest IKE engine counters per agent from a batch of reports, stored on the agent rows with
/// one <c>UPDATE ... FROM unnest</c> like the other agent-row writes. Counters are cumulative, so a
/// negative one is nonsense from the agent: that report's IKE statistics are ignored.
/// </summary>
internal static class AgentIkeStatisticsUpdate
{
    public static bool IsValid(IkeStatistics s) => !(s.Malformed < 0 || s.IntegrityFailures < 0 || s.UnknownSpi < 0 || s.OutOfWindow < 0 || s.CookiesSent < 0 || s.CookiesInvalid < 0 || s.HalfOpenDropped < 0 || s.NoPeerConfig < 0 || s.RequestsSent < 0 || s.Retransmissions < 0 || s.ExchangesGivenUp < 0 || s.ResponsesReceived < 0 || s.RequestsReceived < 0 || s.RetransmittedResponses < 0);

    /// <summary>Keeps, per agent, the newest valid statistics in <paramref name="latest"/>.</summary>
    public static void Collect(IngestItem.Report report, Dictionary<Guid, (DateTimeOffset At, IkeStatistics Body)> latest)
    {
        if (report.Body.Ike is not { } ike || !IsValid(ike))
        {
            return;
        }

        var at = report.Body.UnixMillis > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(report.Body.UnixMillis) : report.ReceivedAt;
        if (!latest.TryGetValue(report.AgentId, out var earlier) || earlier.At <= at)
        {
            latest[report.AgentId] = (at, ike);
        }
    }

    public static async Task StoreAsync(KyotenDbContext db, Dictionary<Guid, (DateTimeOffset At, IkeStatistics Body)> latest, CancellationToken cancellationToken)
    {
        if (latest.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE "Agents" AS a
            SET "IkeAt" = u.at, "IkeMalformed" = u.malformed, "IkeIntegrityFailures" = u.integrity_failures, "IkeUnknownSpi" = u.unknown_spi, "IkeOutOfWindow" = u.out_of_window, "IkeCookiesSent" = u.cookies_sent, "IkeCookiesInvalid" = u.cookies_invalid, "IkeHalfOpenDropped" = u.half_open_dropped, "IkeNoPeerConfig" = u.no_peer_config, "IkeRequestsSent" = u.requests_sent, "IkeRetransmissions" = u.retransmissions, "IkeExchangesGivenUp" = u.exchanges_given_up, "IkeResponsesReceived" = u.responses_received, "IkeRequestsReceived" = u.requests_received, "IkeRetransmittedResponses" = u.retransmitted_responses
            FROM unnest(@ids, @at, @malformed, @integrity_failures, @unknown_spi, @out_of_window, @cookies_sent, @cookies_invalid, @half_open_dropped, @no_peer_config, @requests_sent, @retransmissions, @exchanges_given_up, @responses_received, @requests_received, @retransmitted_responses) AS u(id, at, malformed, integrity_failures, unknown_spi, out_of_window, cookies_sent, cookies_invalid, half_open_dropped, no_peer_config, requests_sent, retransmissions, exchanges_given_up, responses_received, requests_received, retransmitted_responses)
            WHERE a."Id" = u.id
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = latest.Keys.ToArray() },
                new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = latest.Values.Select(v => v.At.ToUniversalTime()).ToArray() },
                Counter("malformed", latest, s => s.Malformed),
                Counter("integrity_failures", latest, s => s.IntegrityFailures),
                Counter("unknown_spi", latest, s => s.UnknownSpi),
                Counter("out_of_window", latest, s => s.OutOfWindow),
                Counter("cookies_sent", latest, s => s.CookiesSent),
                Counter("cookies_invalid", latest, s => s.CookiesInvalid),
                Counter("half_open_dropped", latest, s => s.HalfOpenDropped),
                Counter("no_peer_config", latest, s => s.NoPeerConfig),
                Counter("requests_sent", latest, s => s.RequestsSent),
                Counter("retransmissions", latest, s => s.Retransmissions),
                Counter("exchanges_given_up", latest, s => s.ExchangesGivenUp),
                Counter("responses_received", latest, s => s.ResponsesReceived),
                Counter("requests_received", latest, s => s.RequestsReceived),
                Counter("retransmitted_responses", latest, s => s.RetransmittedResponses),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Counter(string name, Dictionary<Guid, (DateTimeOffset At, IkeStatistics Body)> latest, Func<IkeStatistics, long> value) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = latest.Values.Select(v => value(v.Body)).ToArray() };
}
