namespace Kyoten.Controller.Data.Fleet;

/// <summary>
/// The latest IKE engine counters an agent reported (cumulative since the agent started), owned by
/// <see cref="Agent"/> as "Ike*" columns; null until a report carries them.
/// </summary>
public sealed class AgentIkeStatistics
{
    /// <summary>When the report with these values was taken.</summary>
    public DateTimeOffset At { get; set; }

    public long Malformed { get; set; }

    public long IntegrityFailures { get; set; }

    public long UnknownSpi { get; set; }

    public long OutOfWindow { get; set; }

    public long CookiesSent { get; set; }

    public long CookiesInvalid { get; set; }

    public long HalfOpenDropped { get; set; }

    public long NoPeerConfig { get; set; }

    public long RequestsSent { get; set; }

    public long Retransmissions { get; set; }

    public long ExchangesGivenUp { get; set; }

    public long ResponsesReceived { get; set; }

    public long RequestsReceived { get; set; }

    public long RetransmittedResponses { get; set; }
}
