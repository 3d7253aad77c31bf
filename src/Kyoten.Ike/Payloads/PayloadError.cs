namespace Kyoten.Ike.Payloads;

/// <summary>Why a payload or message failed to decode; maps to the notify the engine answers with.</summary>
internal enum PayloadError
{
    None = 0,
    /// <summary>Lengths or counts do not add up (answer INVALID_SYNTAX).</summary>
    Truncated,
    /// <summary>A field holds a value the RFC forbids (answer INVALID_SYNTAX).</summary>
    InvalidValue,
    /// <summary>A payload with the critical bit set whose type we do not know (answer UNSUPPORTED_CRITICAL_PAYLOAD).</summary>
    UnsupportedCritical,
    /// <summary>Major version other than 2 (answer INVALID_MAJOR_VERSION).</summary>
    InvalidMajorVersion,
    /// <summary>SK payload integrity check failed (drop silently, RFC 7296 §2.21.2).</summary>
    IntegrityCheckFailed,
    /// <summary>Payload present that the exchange table forbids, or a required one missing.</summary>
    PayloadNotAllowed,
    PayloadMissing,
    /// <summary>Too many payloads or fragments; bounded to keep memory finite.</summary>
    TooLarge,
}
