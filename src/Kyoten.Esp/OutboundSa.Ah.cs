using System.Buffers.Binary;
using Kyoten.Esp.Crypto;
using Kyoten.Esp.Packets;

namespace Kyoten.Esp;

public sealed partial class OutboundSa
{
    private const byte OuterTtl = 64;

    private ProtectResult ProtectAhTunnel(Span<byte> buffer, int payloadOffset, int payloadLength, out int packetOffset, out int packetLength)
    {
        packetOffset = 0;
        packetLength = 0;
        ReadOnlySpan<byte> inner = buffer.Slice(payloadOffset, payloadLength);
        int innerVersion = inner[0] >> 4;
        if (innerVersion is not (4 or 6) || inner.Length < 2)
        {
            return ProtectResult.Malformed;
        }

        int outerVersion = _tunnelRemote.Length == 4 ? 4 : 6;
        int outerHeader = outerVersion == 4 ? IpPacket.IPv4HeaderLength : IpPacket.IPv6HeaderLength;
        int ahLength = AhHeader.Length(_info.IcvLength, outerVersion);
        int start = payloadOffset - ahLength - outerHeader;
        int total = outerHeader + ahLength + payloadLength;
        if (start < 0)
        {
            return ProtectResult.BufferTooSmall;
        }

        if (total > ushort.MaxValue + (outerVersion == 6 ? IpPacket.IPv6HeaderLength : 0))
        {
            return ProtectResult.Unsupported;
        }

        if (!TryNextSequence(out ulong sequence))
        {
            return ProtectResult.SequenceExhausted;
        }

        // RFC 4301 §5.1.2.1: the outer DS field is copied from the inner header.
        byte trafficClass = innerVersion == 4 ? inner[1] : (byte)((inner[0] << 4) | (inner[1] >> 4));
        Span<byte> packet = buffer.Slice(start, total);
        ushort id = NextIdentification();
        EspPacket.WriteOuterIpHeader(packet, _tunnelLocal, _tunnelRemote, EspConstants.IpProtocolAh, ahLength + payloadLength, trafficClass, OuterTtl, id);
        AhHeader.Write(packet[outerHeader..], ahLength, EspPacket.NextHeaderFor(innerVersion), Spi, sequence);
        SignAh(packet, outerHeader, ahLength, sequence);
        packetOffset = start;
        packetLength = total;
        return ProtectResult.Ok;
    }

    private ProtectResult ProtectAhTransport(Span<byte> buffer, int payloadOffset, int payloadLength, out int packetOffset, out int packetLength)
    {
        packetOffset = 0;
        packetLength = 0;
        Span<byte> original = buffer.Slice(payloadOffset, payloadLength);
        ProtectResult shape = CheckTransportShape(original, out int headerLength, out byte nextHeader, out int totalLength);
        if (shape != ProtectResult.Ok)
        {
            return shape;
        }

        int version = original[0] >> 4;
        int ahLength = AhHeader.Length(_info.IcvLength, version);
        int start = payloadOffset - ahLength;
        int newTotal = totalLength + ahLength;
        if (start < 0)
        {
            return ProtectResult.BufferTooSmall;
        }

        if (newTotal > ushort.MaxValue + (version == 6 ? IpPacket.IPv6HeaderLength : 0))
        {
            return ProtectResult.Unsupported;
        }

        if (!TryNextSequence(out ulong sequence))
        {
            return ProtectResult.SequenceExhausted;
        }

        buffer.Slice(payloadOffset, headerLength).CopyTo(buffer.Slice(start, headerLength));
        Span<byte> packet = buffer.Slice(start, newTotal);
        if (version == 4 && packet[4] == 0 && packet[5] == 0)
        {
            // The Identification is immutable for the ICV (RFC 4302 §3.3.3.1.1.1), but a raw
            // IP_HDRINCL send fills in a zero one after we signed (raw(7)): never hand it a zero.
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], NextIdentification());
        }

        // Lengths and protocol first: they are immutable fields the ICV covers.
        EspPacket.RewriteNetworkHeader(packet, headerLength, EspConstants.IpProtocolAh, newTotal);
        AhHeader.Write(packet[headerLength..], ahLength, nextHeader, Spi, sequence);
        SignAh(packet, headerLength, ahLength, sequence);
        packetOffset = start;
        packetLength = newTotal;
        return ProtectResult.Ok;
    }

    /// <summary>Identification for IPv4 headers this SA writes; never 0, which the kernel would overwrite.</summary>
    private ushort NextIdentification()
    {
        ushort id;
        do
        {
            id = (ushort)Interlocked.Increment(ref _identification);
        }
        while (id == 0);
        return id;
    }

    private void SignAh(Span<byte> packet, int headerLength, int ahLength, ulong sequence)
    {
        int lane = _ah!.Rent(out TruncatedHmac hmac);
        try
        {
            AhHeader.AppendIcvInput(hmac, packet, headerLength, ahLength, sequence, Parameters.ExtendedSequenceNumbers);
            hmac.Finish(packet.Slice(headerLength + AhHeader.FixedLength, _info.IcvLength));
        }
        finally
        {
            _ah.Return(lane);
        }
    }
}
