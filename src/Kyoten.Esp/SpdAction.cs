namespace Kyoten.Esp;

/// <summary>RFC 4301 §4.4.1 SPD actions.</summary>
public enum SpdAction
{
    /// <summary>PROTECT: send through the entry's <see cref="SpdEntry.OutboundSa"/>.</summary>
    Protect,

    /// <summary>BYPASS: send in the clear.</summary>
    Bypass,

    /// <summary>DISCARD: drop.</summary>
    Discard,
}
