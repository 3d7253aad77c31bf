namespace Kyoten.Ike.Sa;

/// <summary>
/// Live counters: why datagrams were dropped or refused, and how many exchanges ran. The engine is
/// single-threaded, so these are plain fields; another thread should read <see cref="Snapshot"/>
/// taken on the engine's thread (<see cref="IkeEngine.GetStatistics"/>).
/// </summary>
public sealed class EngineCounters
{
    /// <summary>Datagrams that did not parse, or broke a rule of their exchange, before any SA could answer.</summary>
    public long Malformed { get; internal set; }

    /// <summary>SK/SKF payloads whose ICV did not verify (RFC 7296 §2.21.2: dropped silently).</summary>
    public long IntegrityFailures { get; internal set; }

    /// <summary>Datagrams for IKE SPIs we do not have.</summary>
    public long UnknownSpi { get; internal set; }

    /// <summary>Requests and responses outside the message-ID window (RFC 7296 §2.3).</summary>
    public long OutOfWindow { get; internal set; }

    /// <summary>Retransmitted requests answered from the response cache.</summary>
    public long RetransmittedResponses { get; internal set; }

    /// <summary>IKE_SA_INIT requests answered with N(COOKIE) instead of state (RFC 7296 §2.6).</summary>
    public long CookiesSent { get; internal set; }

    /// <summary>IKE_SA_INIT requests that carried a cookie we did not accept (forged, expired secret).</summary>
    public long CookiesInvalid { get; internal set; }

    /// <summary>IKE_SA_INIT requests dropped because the half-open limit was reached.</summary>
    public long HalfOpenDropped { get; internal set; }

    /// <summary>IKE_SA_INIT requests from addresses no peer configuration matches.</summary>
    public long NoPeerConfig { get; internal set; }

    /// <summary>Requests we started (first transmissions only).</summary>
    public long RequestsSent { get; internal set; }

    /// <summary>Retransmissions of our requests (RFC 7296 §2.1).</summary>
    public long Retransmissions { get; internal set; }

    /// <summary>Exchanges abandoned because the peer never answered.</summary>
    public long ExchangesGivenUp { get; internal set; }

    /// <summary>Responses to our requests that were accepted.</summary>
    public long ResponsesReceived { get; internal set; }

    /// <summary>New requests from peers that were accepted and answered (retransmissions excluded).</summary>
    public long RequestsReceived { get; internal set; }

    /// <summary>An immutable copy of every counter.</summary>
    public EngineStatistics Snapshot() => new(
        Malformed, IntegrityFailures, UnknownSpi, OutOfWindow, RetransmittedResponses, CookiesSent, CookiesInvalid,
        HalfOpenDropped, NoPeerConfig, RequestsSent, Retransmissions, ExchangesGivenUp, ResponsesReceived, RequestsReceived);
}
