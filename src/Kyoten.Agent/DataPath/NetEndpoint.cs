using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// An IPv4 or IPv6 address and port as a value, so the per-packet path never allocates an
/// <see cref="IPEndPoint"/>. Converts to and from <c>sockaddr_in</c>/<c>sockaddr_in6</c>.
/// </summary>
internal readonly struct NetEndpoint : IEquatable<NetEndpoint>
{
    /// <summary>Room for the largest socket address used here (sockaddr_in6).</summary>
    public const int SockAddrCapacity = 28;

    private readonly UInt128 _address;

    private NetEndpoint(UInt128 address, ushort port, bool isV6)
    {
        _address = address;
        Port = port;
        IsIPv6 = isV6;
    }

    public ushort Port { get; }

    public bool IsIPv6 { get; }

    public bool IsEmpty => _address == UInt128.Zero && Port == 0 && !IsIPv6;

    public static NetEndpoint FromIPEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return FromAddressBytes(bytes[..written], (ushort)endPoint.Port);
    }

    public static NetEndpoint FromAddressBytes(ReadOnlySpan<byte> address, ushort port) => address.Length == 4
        ? new NetEndpoint(BinaryPrimitives.ReadUInt32BigEndian(address), port, isV6: false)
        : new NetEndpoint(BinaryPrimitives.ReadUInt128BigEndian(address), port, isV6: true);

    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = WriteAddress(bytes);
        return new IPEndPoint(new IPAddress(bytes[..length]), Port);
    }

    public AddressFamily AddressFamily => IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>Writes the address in network order; returns 4 or 16.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, _address);
            return 16;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_address);
        return 4;
    }

    /// <summary>Writes a sockaddr_in or sockaddr_in6; returns its length.</summary>
    public int WriteSockAddr(Span<byte> destination)
    {
        destination[..SockAddrCapacity].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)(IsIPv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Port);
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination[8..], _address);
            return 28;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)_address);
        return 16;
    }

    public static bool TryReadSockAddr(ReadOnlySpan<byte> source, out NetEndpoint endpoint)
    {
        endpoint = default;
        if (source.Length < 16)
        {
            return false;
        }

        int family = BinaryPrimitives.ReadUInt16LittleEndian(source);
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (family == LinuxConstants.AF_INET)
        {
            endpoint = new NetEndpoint(BinaryPrimitives.ReadUInt32BigEndian(source[4..]), port, isV6: false);
            return true;
        }

        if (family == LinuxConstants.AF_INET6 && source.Length >= 28)
        {
            endpoint = new NetEndpoint(BinaryPrimitives.ReadUInt128BigEndian(source[8..]), port, isV6: true);
            return true;
        }

        return false;
    }

    public bool Equals(NetEndpoint other) => _address == other._address && Port == other.Port && IsIPv6 == other.IsIPv6;

    /// <summary>Same address and family, any port (a NAT may change the port, the peer is the same).</summary>
    public bool SameAddress(NetEndpoint other) => _address == other._address && IsIPv6 == other.IsIPv6;

    public override bool Equals(object? obj) => obj is NetEndpoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_address, Port, IsIPv6);

    public static bool operator ==(NetEndpoint left, NetEndpoint right) => left.Equals(right);

    public static bool operator !=(NetEndpoint left, NetEndpoint right) => !left.Equals(right);

    public override string ToString() => ToIPEndPoint().ToString();
}
