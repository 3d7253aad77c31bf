using System.Net;
using System.Text;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Config;

/// <summary>An IKE identity (RFC 7296 §3.5) as configured: type and text value (address, FQDN, e-mail or DN).</summary>
public sealed record IkeIdentity(IdType Type, string Value)
{
    public static IkeIdentity Fqdn(string name) => new(IdType.Fqdn, name);

    public static IkeIdentity Address(IPAddress address) => new(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IdType.Ipv6Address : IdType.Ipv4Address, address.ToString());

    public static IkeIdentity Email(string address) => new(IdType.Rfc822Address, address);

    public static IkeIdentity DistinguishedName(string dn) => new(IdType.DerAsn1Dn, dn);

    /// <summary>The identification data octets as sent on the wire.</summary>
    internal byte[] ToWire() => Type switch
    {
        IdType.Ipv4Address or IdType.Ipv6Address => IPAddress.Parse(Value).GetAddressBytes(),
        IdType.DerAsn1Dn => new System.Security.Cryptography.X509Certificates.X500DistinguishedName(Value).RawData,
        _ => Encoding.UTF8.GetBytes(Value),
    };

    /// <summary>Compares with a received ID payload by wire encoding, so "198.18.0.1" matches its 4 octets.</summary>
    internal bool Matches(IdPayload payload)
    {
        if (payload.IdType != Type)
        {
            return false;
        }

        try
        {
            return ToWire().AsSpan().SequenceEqual(payload.Data);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    public override string ToString() => Type + ":" + Value;
}
