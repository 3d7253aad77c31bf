namespace Kyoten.Esp;

/// <summary>Outcome of <see cref="OutboundSa.Protect"/>; anything but <see cref="Ok"/> means "do not send".</summary>
public enum ProtectResult
{
    /// <summary>The packet was protected; send the bytes at packetOffset/packetLength.</summary>
    Ok,

    /// <summary>The input is not a usable IP packet (zero length, bad version, header longer than the data).</summary>
    Malformed,

    /// <summary>Not enough headroom before or tailroom after the payload.</summary>
    BufferTooSmall,

    /// <summary>The sequence number space is used up (2^32-1 without ESN); the SA must be rekeyed, it never wraps.</summary>
    SequenceExhausted,

    /// <summary>The hard lifetime was reached (or the caller expired the SA); the SA refuses to send.</summary>
    SaExpired,

    /// <summary>A packet shape this implementation does not protect (e.g. IPv6 routing/fragment headers in transport mode).</summary>
    Unsupported,
}
