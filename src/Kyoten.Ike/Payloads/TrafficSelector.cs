using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// One traffic selector (RFC 7296 §3.13.1):
/// <code>
///  TS Type (7=IPv4, 8=IPv6) | IP Protocol ID | Selector Length (2)
///  Start Port (2) | End Port (2)
///  Starting Address | Ending Address
/// </code>
/// </summary>
public sealed record TrafficSelector(IPAddress StartAddress, IPAddress EndAddress, byte IpProtocol = 0, ushort StartPort = 0, ushort EndPort = 65535)
{
    private const byte Ipv4Type = 7;
    private const byte Ipv6Type = 8;

    public bool IsIpv6 => StartAddress.AddressFamily == AddressFamily.InterNetworkV6;

    internal int Length => IsIpv6 ? 40 : 16;

    /// <summary>The whole address range of one family, any protocol and port.</summary>
    public static TrafficSelector Any(bool ipv6) => ipv6
        ? new TrafficSelector(IPAddress.IPv6Any, new IPAddress(Enumerable.Repeat((byte)0xFF, 16).ToArray()))
        : new TrafficSelector(IPAddress.Any, IPAddress.Broadcast);

    /// <summary>Parses "198.18.1.0/24" or "2001:db8::/64" with an optional protocol and port range.</summary>
    public static bool TryParseCidr(string cidr, out TrafficSelector? selector, byte protocol = 0, ushort startPort = 0, ushort endPort = 65535)
    {
        selector = null;
        if (!IPNetwork.TryParse(cidr.Contains('/', StringComparison.Ordinal) ? cidr : cidr + (cidr.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var network))
        {
            return false;
        }

        byte[] start = network.BaseAddress.GetAddressBytes();
        byte[] end = (byte[])start.Clone();
        for (int bit = network.PrefixLength; bit < end.Length * 8; bit++)
        {
            end[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        selector = new TrafficSelector(network.BaseAddress, new IPAddress(end), protocol, startPort, endPort);
        return true;
    }

    internal void Write(Span<byte> destination)
    {
        destination[0] = IsIpv6 ? Ipv6Type : Ipv4Type;
        destination[1] = IpProtocol;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], StartPort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], EndPort);
        int addressLength = IsIpv6 ? 16 : 4;
        StartAddress.TryWriteBytes(destination[8..], out _);
        EndAddress.TryWriteBytes(destination[(8 + addressLength)..], out _);
    }

    internal static bool TryRead(ReadOnlySpan<byte> source, out TrafficSelector? selector, out int consumed, out PayloadError error)
    {
        selector = null;
        consumed = 0;
        error = PayloadError.Truncated;
        if (source.Length < 8)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        int expected = source[0] switch { Ipv4Type => 16, Ipv6Type => 40, _ => -1 };
        if (expected < 0 || length != expected)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        if (source.Length < length)
        {
            return false;
        }

        int addressLength = (length - 8) / 2;
        selector = new TrafficSelector(
            new IPAddress(source.Slice(8, addressLength)),
            new IPAddress(source.Slice(8 + addressLength, addressLength)),
            source[1],
            BinaryPrimitives.ReadUInt16BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[6..]));
        consumed = length;
        error = PayloadError.None;
        return true;
    }
}
