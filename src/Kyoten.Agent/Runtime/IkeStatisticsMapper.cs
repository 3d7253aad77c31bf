using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Sa;

namespace Kyoten.Agent.Runtime;

/// <summary>The engine's counters onto the wire message, field for field (cumulative since start).</summary>
internal static class IkeStatisticsMapper
{
    public static IkeStatistics ToWire(EngineStatistics s) => new()
    {
        Malformed = s.Malformed,
        IntegrityFailures = s.IntegrityFailures,
        UnknownSpi = s.UnknownSpi,
        OutOfWindow = s.OutOfWindow,
        CookiesSent = s.CookiesSent,
        CookiesInvalid = s.CookiesInvalid,
        HalfOpenDropped = s.HalfOpenDropped,
        NoPeerConfig = s.NoPeerConfig,
        RequestsSent = s.RequestsSent,
        Retransmissions = s.Retransmissions,
        ExchangesGivenUp = s.ExchangesGivenUp,
        ResponsesReceived = s.ResponsesReceived,
        RequestsReceived = s.RequestsReceived,
        RetransmittedResponses = s.RetransmittedResponses,
    };
}
