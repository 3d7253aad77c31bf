namespace Kyoten.Ike.Sa;

/// <summary>Why datagrams were dropped or refused; read by tests and telemetry.</summary>
public sealed class EngineCounters
{
    public long Malformed { get; internal set; }

    public long IntegrityFailures { get; internal set; }

    public long UnknownSpi { get; internal set; }

    public long OutOfWindow { get; internal set; }

    public long RetransmittedResponses { get; internal set; }

    public long CookiesSent { get; internal set; }

    public long HalfOpenDropped { get; internal set; }

    public long NoPeerConfig { get; internal set; }
}
