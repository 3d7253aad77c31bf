namespace Kyoten.Agent.DataPath.Udp;

/// <summary>What a datagram on UDP 4500 carries (RFC 3948 §2).</summary>
internal enum UdpPayloadKind
{
    /// <summary>Too short or otherwise not one of the forms below.</summary>
    Malformed,

    /// <summary>An ESP packet: starts with a non-zero SPI.</summary>
    Esp,

    /// <summary>An IKE message behind the 4-byte non-ESP marker.</summary>
    Ike,

    /// <summary>A NAT-keepalive: the single byte 0xFF.</summary>
    Keepalive,
}
