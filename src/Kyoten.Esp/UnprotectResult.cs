namespace Kyoten.Esp;

/// <summary>Outcome of <see cref="InboundSa.Unprotect"/>; every value but <see cref="Ok"/> is a counted drop.</summary>
public enum UnprotectResult
{
    /// <summary>Verified and decrypted; deliver the inner packet.</summary>
    Ok,

    /// <summary>Too short, wrong lengths, or an inner packet that is not IP.</summary>
    Malformed,

    /// <summary>The SPI does not belong to this SA (or to any SA, when counted by <see cref="SaDatabase"/>).</summary>
    UnknownSpi,

    /// <summary>Duplicate or left of the anti-replay window (RFC 4303 §3.4.3).</summary>
    Replayed,

    /// <summary>The ICV did not verify.</summary>
    AuthFailed,

    /// <summary>The inner packet is outside the SA's traffic selectors (RFC 4301 §5.2 step 4).</summary>
    PolicyMismatch,

    /// <summary>Pad Length too large or padding bytes not 1, 2, 3, … (RFC 4303 §2.4).</summary>
    BadPadding,

    /// <summary>The hard lifetime of the SA was reached.</summary>
    SaExpired,

    /// <summary>Reserved for symmetry with <see cref="ProtectResult.SequenceExhausted"/>; the inbound side never returns it today.</summary>
    SequenceExhausted,

    /// <summary>A verified dummy packet (Next Header 59, RFC 4303 §2.6): count it, deliver nothing.</summary>
    Dummy,
}
