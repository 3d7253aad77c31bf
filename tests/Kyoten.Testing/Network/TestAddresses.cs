using System.Net;
using System.Net.Sockets;

namespace Kyoten.Testing.Network;

/// <summary>
/// The only addresses tests may use (shared/TESTING.md): documentation ranges for WANs,
/// 198.18.0.0/15 for office LANs, 2001:db8::/32 for IPv6, and loopback. Anything else is refused
/// before it reaches the kernel.
/// </summary>
public static class TestAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] Allowed =
    [
        (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("2001:db8::"), 32),
        (IPAddress.IPv6Loopback, 128),
    ];

    public static bool IsAllowed(IPAddress address) =>
        Allowed.Any(range => range.Network.AddressFamily == address.AddressFamily && InPrefix(address, range.Network, range.Prefix));

    /// <summary>Accepts "a.b.c.d", "a.b.c.d/nn" or IPv6 forms; throws for anything outside the ranges.</summary>
    public static string EnsureAllowed(string addressOrCidr)
    {
        var slash = addressOrCidr.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? addressOrCidr : addressOrCidr[..slash];
        if (!IPAddress.TryParse(text, out var address) || !IsAllowed(address))
        {
            throw new ArgumentException($"'{addressOrCidr}' is not in the test address ranges of shared/TESTING.md", nameof(addressOrCidr));
        }

        return addressOrCidr;
    }

    private static bool InPrefix(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }
}
