using System.Net;
using System.Text.RegularExpressions;

namespace Kyoten.Controller.Compilation;

/// <summary>Site names, WAN addresses and LAN prefixes: what the API accepts.</summary>
internal static partial class AddressRules
{
    /// <summary>Suffix of every managed site's IKE identity and certificate SAN.</summary>
    public const string IdentitySuffix = ".sites.kyoten";

    public static string IdentityOf(string siteName) => siteName + IdentitySuffix;

    public static bool IsSiteName(string? name) => name is not null && SiteName().IsMatch(name);

    public static bool IsWanAddress(string? address) =>
        address is not null && address.Length <= 253 && (IPAddress.TryParse(address, out _) || HostName().IsMatch(address));

    /// <summary>A prefix with no host bits set ("198.18.1.0/24", not "198.18.1.1/24").</summary>
    public static bool TryParsePrefix(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && text!.Length <= 64
            && IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            && IPNetwork.TryParse(text, out network)
            && network.BaseAddress.Equals(address);
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    /// <summary>The host prefix (/32 or /128) of an IP literal, or null for DNS names.</summary>
    public static string? HostPrefix(string? address) =>
        address is not null && IPAddress.TryParse(address, out var ip)
            ? $"{ip}/{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}"
            : null;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SiteName();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex HostName();
}
