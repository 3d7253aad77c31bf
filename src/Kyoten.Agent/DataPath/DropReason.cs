namespace Kyoten.Agent.DataPath;

/// <summary>Why the engine itself (not an SA) dropped a packet; SA-level reasons live on the SA objects.</summary>
internal enum DropReason
{
    /// <summary>Not a parsable IP packet (TUN) or not a valid ESP/IKE/keepalive datagram (network).</summary>
    Malformed,

    /// <summary>An ESP/AH packet whose SPI has no inbound SA.</summary>
    UnknownSpi,

    /// <summary>A packet from the TUN that no policy covers (never sent in clear).</summary>
    NoPolicy,

    /// <summary>A policy covers the packet but its tunnel has no outbound SA yet.</summary>
    NoSa,

    /// <summary>Too big for the tunnel with DF set: answered with ICMP frag-needed / packet-too-big.</summary>
    TooBig,

    /// <summary><see cref="Kyoten.Esp.OutboundSa.Protect"/> refused the packet.</summary>
    ProtectFailed,

    /// <summary><see cref="Kyoten.Esp.InboundSa.Unprotect"/> refused the packet (replay, ICV, selectors…).</summary>
    UnprotectFailed,

    /// <summary>The kernel refused to send a protected datagram.</summary>
    SendFailed,
}
