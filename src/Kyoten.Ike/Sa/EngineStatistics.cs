namespace Kyoten.Ike.Sa;

/// <summary>
/// A point-in-time copy of <see cref="EngineCounters"/> for telemetry (the agent reports it). Drop
/// reasons: <see cref="Malformed"/>, <see cref="IntegrityFailures"/>, <see cref="UnknownSpi"/>,
/// <see cref="OutOfWindow"/>, <see cref="CookiesSent"/> (cookie required), <see cref="CookiesInvalid"/>,
/// <see cref="HalfOpenDropped"/>, <see cref="NoPeerConfig"/>.
/// </summary>
public sealed record EngineStatistics(
    long Malformed,
    long IntegrityFailures,
    long UnknownSpi,
    long OutOfWindow,
    long RetransmittedResponses,
    long CookiesSent,
    long CookiesInvalid,
    long HalfOpenDropped,
    long NoPeerConfig,
    long RequestsSent,
    long Retransmissions,
    long ExchangesGivenUp,
    long ResponsesReceived,
    long RequestsReceived)
{
    /// <summary>All datagrams dropped or refused without creating or advancing an SA.</summary>
    public long Dropped => Malformed + IntegrityFailures + UnknownSpi + OutOfWindow + CookiesSent + HalfOpenDropped + NoPeerConfig;
}
