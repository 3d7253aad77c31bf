using System.Buffers.Binary;

namespace Kyoten.Esp;

/// <summary>
/// Builds the "too big" ICMP errors a tunnel gateway returns for packets that no longer fit after
/// encapsulation (RFC 1191 path MTU discovery, RFC 8201 for IPv6). The error goes back into the TUN device
/// towards the original sender.
/// </summary>
public static class IcmpErrors
{
    private const int IcmpHeaderLength = 8;

    /// <summary>RFC 1812 §4.3.2.3: the whole error stays within 576 octets.</summary>
    private const int IPv4ErrorLimit = 576;

    /// <summary>RFC 4443 §2.4 (c): the error must not exceed the IPv6 minimum MTU.</summary>
    private const int IPv6ErrorLimit = 1280;

    /// <summary>
    /// Writes the matching error for <paramref name="original"/>: IPv4 → Destination Unreachable /
    /// Fragmentation Needed (type 3 code 4, RFC 792 + RFC 1191 §4 next-hop MTU); IPv6 → Packet Too Big
    /// (type 2, RFC 4443 §3.2). <paramref name="errorSource"/> is the address the error comes from
    /// (empty = the original destination). Returns the length written, or 0 when no error may be sent
    /// (unparseable packet, the packet is itself an ICMP error, or <paramref name="destination"/> too small).
    /// </summary>
    public static int WriteTooBig(ReadOnlySpan<byte> original, int mtu, Span<byte> destination, ReadOnlySpan<byte> errorSource = default)
    {
        if (!IpPacket.TryParse(original, out IpPacket packet) || IsIcmpError(original, packet))
        {
            return 0;
        }

        return packet.Version == 4
            ? WriteFragmentationNeeded(original[..packet.TotalLength], packet, mtu, destination, errorSource)
            : WritePacketTooBig(original[..packet.TotalLength], packet, mtu, destination, errorSource);
    }

    private static int WriteFragmentationNeeded(ReadOnlySpan<byte> original, in IpPacket packet, int mtu, Span<byte> destination, ReadOnlySpan<byte> errorSource)
    {
        int quoted = Math.Min(original.Length, IPv4ErrorLimit - IpPacket.IPv4HeaderLength - IcmpHeaderLength);
        int total = IpPacket.IPv4HeaderLength + IcmpHeaderLength + quoted;
        if (destination.Length < total || (errorSource.Length != 0 && errorSource.Length != 4))
        {
            return 0;
        }

        ReadOnlySpan<byte> source = errorSource.IsEmpty ? packet.Destination : errorSource;
        EspPacket.WriteOuterIpHeader(destination, source, packet.Source, 1, IcmpHeaderLength + quoted, 0, 64, 0);
        Span<byte> icmp = destination.Slice(IpPacket.IPv4HeaderLength, IcmpHeaderLength + quoted);
        // RFC 792 / RFC 1191 §4: Type 3, Code 4, Checksum, unused (16 bits), Next-Hop MTU (16 bits), quoted datagram.
        icmp[0] = 3;
        icmp[1] = 4;
        icmp[2] = 0;
        icmp[3] = 0;
        icmp[4] = 0;
        icmp[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)Math.Clamp(mtu, 0, ushort.MaxValue));
        original[..quoted].CopyTo(icmp[IcmpHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Compute(icmp));
        return total;
    }

    private static int WritePacketTooBig(ReadOnlySpan<byte> original, in IpPacket packet, int mtu, Span<byte> destination, ReadOnlySpan<byte> errorSource)
    {
        int quoted = Math.Min(original.Length, IPv6ErrorLimit - IpPacket.IPv6HeaderLength - IcmpHeaderLength);
        int total = IpPacket.IPv6HeaderLength + IcmpHeaderLength + quoted;
        if (destination.Length < total || (errorSource.Length != 0 && errorSource.Length != 16))
        {
            return 0;
        }

        ReadOnlySpan<byte> source = errorSource.IsEmpty ? packet.Destination : errorSource;
        EspPacket.WriteOuterIpHeader(destination, source, packet.Source, 58, IcmpHeaderLength + quoted, 0, 64, 0);
        Span<byte> icmp = destination.Slice(IpPacket.IPv6HeaderLength, IcmpHeaderLength + quoted);
        // RFC 4443 §3.2: Type 2, Code 0, Checksum, MTU (32 bits), as much of the invoking packet as fits.
        icmp[0] = 2;
        icmp[1] = 0;
        icmp[2] = 0;
        icmp[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], (uint)Math.Max(mtu, 0));
        original[..quoted].CopyTo(icmp[IcmpHeaderLength..]);
        ulong sum = InternetChecksum.PseudoHeader(source, packet.Source, 58, icmp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Accumulate(sum, icmp)));
        return total;
    }

    /// <summary>RFC 1122 §3.2.2 / RFC 4443 §2.4 (e): never answer an ICMP error with an ICMP error.</summary>
    private static bool IsIcmpError(ReadOnlySpan<byte> original, in IpPacket packet)
    {
        if (!packet.HasPorts)
        {
            return false;
        }

        byte type = original[packet.TransportOffset];
        return packet.Protocol switch
        {
            1 => type is 3 or 4 or 5 or 11 or 12,
            58 => type < 128,
            _ => false,
        };
    }
}
