using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kyoten.Esp;

/// <summary>
/// One traffic selector (RFC 7296 §3.13.1, RFC 4301 §4.4.1): an inclusive address range of one family,
/// an IP protocol (0 = any) and an inclusive port range. For ICMP/ICMPv6 the "port" is
/// Type &lt;&lt; 8 | Code, as RFC 7296 §3.13.1 defines, and is compared on both sides of the packet.
/// Immutable; addresses are precomputed as integers so matching a packet does not allocate.
/// </summary>
public sealed class TrafficSelector
{
    private readonly UInt128 _start;
    private readonly UInt128 _end;
    private readonly bool _isIPv6;

    /// <summary>Creates a selector; start and end must be of the same family with start ≤ end.</summary>
    public TrafficSelector(IPAddress startAddress, IPAddress endAddress, byte protocol = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(startAddress);
        ArgumentNullException.ThrowIfNull(endAddress);
        if (startAddress.AddressFamily != endAddress.AddressFamily
            || startAddress.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("start and end must both be IPv4 or both IPv6", nameof(endAddress));
        }

        _isIPv6 = startAddress.AddressFamily == AddressFamily.InterNetworkV6;
        _start = ToInteger(startAddress);
        _end = ToInteger(endAddress);
        if (_start > _end || startPort > endPort)
        {
            throw new ArgumentException("selector range is empty (start > end)", nameof(endAddress));
        }

        StartAddress = startAddress;
        EndAddress = endAddress;
        Protocol = protocol;
        StartPort = startPort;
        EndPort = endPort;
    }

    /// <summary>Every IPv4 address, protocol and port.</summary>
    public static TrafficSelector AnyIPv4 { get; } = new(IPAddress.Any, IPAddress.Broadcast);

    /// <summary>Every IPv6 address, protocol and port.</summary>
    public static TrafficSelector AnyIPv6 { get; } = new(IPAddress.IPv6Any, new IPAddress(Enumerable.Repeat((byte)0xff, 16).ToArray()));

    public IPAddress StartAddress { get; }

    public IPAddress EndAddress { get; }

    /// <summary>IP protocol number, 0 = any.</summary>
    public byte Protocol { get; }

    public ushort StartPort { get; }

    public ushort EndPort { get; }

    public AddressFamily AddressFamily => StartAddress.AddressFamily;

    /// <summary>Number of addresses in the range minus one; smaller is more specific (SPD ordering).</summary>
    internal UInt128 RangeSpan => _end - _start;


    /// <summary>A selector covering <paramref name="network"/>/<paramref name="prefixLength"/>.</summary>
    public static TrafficSelector FromPrefix(IPAddress network, int prefixLength, byte protocol = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(network);
        int bits = network.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
        byte[] start = network.GetAddressBytes();
        byte[] end = (byte[])start.Clone();
        for (int bit = prefixLength; bit < bits; bit++)
        {
            start[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            end[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new TrafficSelector(new IPAddress(start), new IPAddress(end), protocol, startPort, endPort);
    }

    /// <summary>True when the raw address (4 or 16 octets, network order) is inside the range.</summary>
    public bool ContainsAddress(ReadOnlySpan<byte> address) =>
        address.Length is 4 or 16 && Contains(ToInteger(address), address.Length == 16);

    /// <summary>Range test on a pre-converted address (the SPD converts each packet address once).</summary>
    internal bool Contains(UInt128 address, bool isIPv6) => isIPv6 == _isIPv6 && address >= _start && address <= _end;

    /// <summary>Protocol and port part of <see cref="Matches"/>.</summary>
    internal bool MatchesProtocolAndPort(byte protocol, bool hasPort, ushort port)
    {
        if (Protocol != 0 && Protocol != protocol)
        {
            return false;
        }

        return (StartPort == 0 && EndPort == ushort.MaxValue) || (hasPort && port >= StartPort && port <= EndPort);
    }

    /// <summary>A 4- or 16-octet network-order address as an integer.</summary>
    internal static UInt128 ToInteger(ReadOnlySpan<byte> address) =>
        address.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(address) : BinaryPrimitives.ReadUInt128BigEndian(address);

    /// <summary>
    /// Address, protocol and port test for one side of a packet. A packet without ports (non-initial
    /// fragment, protocol without ports) matches only a selector that allows every port (RFC 4301 §4.4.1.1 OPAQUE).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> address, byte protocol, bool hasPort, ushort port) =>
        ContainsAddress(address) && MatchesProtocolAndPort(protocol, hasPort, port);

    public override string ToString() =>
        $"{StartAddress}-{EndAddress} proto {Protocol} ports {StartPort}-{EndPort}";

    private static UInt128 ToInteger(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
