namespace Kyoten.Esp;

/// <summary>IP protocol numbers of the IPsec data path.</summary>
public static class EspConstants
{
    /// <summary>RFC 4303: ESP is IP protocol 50.</summary>
    public const byte IpProtocolEsp = 50;

    /// <summary>RFC 4302: AH is IP protocol 51.</summary>
    public const byte IpProtocolAh = 51;
}
