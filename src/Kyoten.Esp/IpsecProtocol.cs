namespace Kyoten.Esp;

/// <summary>Which IPsec protocol an SA uses.</summary>
public enum IpsecProtocol
{
    /// <summary>RFC 4303 Encapsulating Security Payload (IP protocol 50).</summary>
    Esp,

    /// <summary>RFC 4302 Authentication Header (IP protocol 51).</summary>
    Ah,
}
