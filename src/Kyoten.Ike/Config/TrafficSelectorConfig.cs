using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Config;

/// <summary>A configured traffic selector: a CIDR ("198.18.1.0/24", "2001:db8:1::/48"), IP protocol (0 = any) and port range.</summary>
public sealed record TrafficSelectorConfig(string Cidr, byte Protocol = 0, ushort StartPort = 0, ushort EndPort = 65535)
{
    public static implicit operator TrafficSelectorConfig(string cidr) => new(cidr);

    internal TrafficSelector ToSelector() => TrafficSelector.TryParseCidr(Cidr, out var selector, Protocol, StartPort, EndPort)
        ? selector!
        : throw new ArgumentException("not a CIDR: " + Cidr);
}
