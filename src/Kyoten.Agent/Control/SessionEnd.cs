namespace Kyoten.Agent.Control;

/// <summary>Why a stream ended without an exception.</summary>
internal enum SessionEnd
{
    /// <summary>The controller completed the stream; reconnect after back-off.</summary>
    StreamEnded,

    /// <summary>A renewed certificate was stored; reconnect with it at once.</summary>
    CertificateRenewed,
}
