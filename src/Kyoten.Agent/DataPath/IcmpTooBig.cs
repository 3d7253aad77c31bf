using System.Buffers.Binary;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// Builds the "packet too big" answer for a packet the tunnel cannot carry, so the sender's path
/// MTU discovery shrinks its packets instead of them vanishing.
/// RFC 792 / RFC 1191 §4 (Destination Unreachable, code 4, Next-Hop MTU) and RFC 4443 §3.2.
/// </summary>
internal static class IcmpTooBig
{
    /// <summary>RFC 4443 §2.4(c): an ICMPv6 error must not exceed the minimum IPv6 MTU.</summary>
    private const int MinimumIPv6Mtu = 1280;

    /// <summary>Writes the ICMP/ICMPv6 error for <paramref name="original"/> into <paramref name="destination"/>; returns its length (0 = none).</summary>
    public static int Write(ReadOnlySpan<byte> original, int mtu, Span<byte> destination)
    {
        if (!IpPacket.TryParse(original, out IpPacket packet))
        {
            return 0;
        }

        return packet.Version == 4 ? WriteV4(original, packet, mtu, destination) : WriteV6(original, mtu, destination);
    }

    private static int WriteV4(ReadOnlySpan<byte> original, in IpPacket packet, int mtu, Span<byte> destination)
    {
        // RFC 792: the original IP header and the first 64 bits of its data.
        int quoted = Math.Min(original.Length, packet.NetworkHeaderLength + 8);
        int icmpLength = 8 + quoted;
        Span<byte> icmp = destination.Slice(20, icmpLength);
        icmp.Clear();
        icmp[0] = 3; // Destination Unreachable
        icmp[1] = 4; // fragmentation needed and DF set
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)mtu);
        original[..quoted].CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Compute(icmp));
        WriteIPv4Header(destination, packet.Destination, packet.Source, 1, icmpLength);
        return 20 + icmpLength;
    }

    private static int WriteV6(ReadOnlySpan<byte> original, int mtu, Span<byte> destination)
    {
        int quoted = Math.Min(original.Length, MinimumIPv6Mtu - 40 - 8);
        int icmpLength = 8 + quoted;
        Span<byte> header = destination[..40];
        header.Clear();
        header[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)icmpLength);
        header[6] = 58;
        header[7] = 64;
        original.Slice(24, 16).CopyTo(header[8..]);
        original.Slice(8, 16).CopyTo(header[24..]);
        Span<byte> icmp = destination.Slice(40, icmpLength);
        icmp.Clear();
        icmp[0] = 2; // Packet Too Big
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], (uint)mtu);
        original[..quoted].CopyTo(icmp[8..]);
        ulong sum = InternetChecksum.PseudoHeader(header.Slice(8, 16), header.Slice(24, 16), 58, icmpLength);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Accumulate(sum, icmp)));
        return 40 + icmpLength;
    }

    private static void WriteIPv4Header(Span<byte> destination, ReadOnlySpan<byte> source, ReadOnlySpan<byte> target, byte protocol, int payloadLength)
    {
        Span<byte> h = destination[..20];
        h.Clear();
        h[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)(20 + payloadLength));
        h[8] = 64;
        h[9] = protocol;
        source.CopyTo(h[12..]);
        target.CopyTo(h[16..]);
        InternetChecksum.RewriteIPv4Header(h);
    }
}
