namespace Kyoten.Agent.DataPath;

/// <summary>How a protected packet leaves the host.</summary>
internal enum PacketRoute : byte
{
    /// <summary>Not sent (dropped or consumed).</summary>
    None,

    /// <summary>ESP in UDP 4500 (RFC 3948); the buffer holds the ESP packet.</summary>
    Udp,

    /// <summary>Raw IP protocol 50 or 51; the buffer holds the complete IP packet.</summary>
    RawIp,
}
