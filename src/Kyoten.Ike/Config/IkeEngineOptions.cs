namespace Kyoten.Ike.Config;

/// <summary>Engine-wide settings: retransmission, half-open limits, cookies, fragmentation.</summary>
public sealed class IkeEngineOptions
{
    /// <summary>First retransmission timeout; each further one is multiplied by <see cref="RetransmitBase"/>.</summary>
    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(4);

    public double RetransmitBase { get; init; } = 1.8;

    /// <summary>Retransmissions before giving up (the request is sent 1 + this many times).</summary>
    public int RetransmitTries { get; init; } = 5;

    /// <summary>Half-open IKE SAs (all sources) above which IKE_SA_INIT requests need a cookie (RFC 7296 §2.6).</summary>
    public int CookieThreshold { get; init; } = 30;

    /// <summary>Half-open IKE SAs from one address above which that address needs a cookie.</summary>
    public int CookieThresholdPerSource { get; init; } = 5;

    /// <summary>How long one cookie secret is used before a new one replaces it (RFC 7296 §2.6).</summary>
    public TimeSpan CookieSecretLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long cookies made with the replaced secret are still accepted, for initiators that retry just after a change.</summary>
    public TimeSpan CookieSecretGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Hard limit on half-open SAs; beyond it IKE_SA_INIT requests are dropped.</summary>
    public int MaxHalfOpen { get; init; } = 5000;

    /// <summary>How long a responder keeps an IKE SA that never finished IKE_AUTH.</summary>
    public TimeSpan HalfOpenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Encrypted messages larger than this are sent as SKF fragments when the peer supports RFC 7383.</summary>
    public int FragmentSize { get; init; } = 1280;

    /// <summary>
    /// After an initiator's IKE SA dies (peer silent, DPD, failure; not a local Terminate or a delete
    /// by the peer) the engine initiates again after this delay; zero disables it.
    /// </summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>NAT keepalive period when we are behind a NAT (RFC 3948 §2.3); zero disables.</summary>
    public TimeSpan NatKeepaliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>UDP port for NAT traversal (RFC 3948); datagrams on it carry the 4-octet non-ESP marker.</summary>
    public int NatTraversalPort { get; init; } = 4500;
}
