namespace Kyoten.Agent.Control;

/// <summary>Why <see cref="ControllerPin"/> refused a handshake.</summary>
internal enum PinFailure
{
    None,
    NoCertificate,

    /// <summary>The pinned CA is neither in the presented chain nor known yet (servers commonly omit the root).</summary>
    CaNotPresented,
    ChainInvalid,
    NameMismatch,
}
