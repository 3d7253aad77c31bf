namespace Kyoten.Esp;

/// <summary>RFC 4301 §4.1 SA modes.</summary>
public enum IpsecMode
{
    /// <summary>The whole inner IP packet is protected and carried under a new outer header.</summary>
    Tunnel,

    /// <summary>The original IP header is kept; ESP/AH is inserted after it (host to host).</summary>
    Transport,
}
