using System.Buffers.Binary;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp;

public sealed partial class OutboundSa
{
    private ProtectResult ProtectEspTunnel(Span<byte> buffer, int payloadOffset, int payloadLength, out int packetOffset, out int packetLength)
    {
        packetOffset = 0;
        packetLength = 0;
        int version = buffer[payloadOffset] >> 4;
        if (version is not (4 or 6))
        {
            return ProtectResult.Malformed;
        }

        int header = EspPacket.HeaderLength + _info.IvLength;
        int textLength = PaddedTextLength(payloadLength);
        int start = payloadOffset - header;
        if (start < 0 || payloadOffset + textLength + _info.IcvLength > buffer.Length)
        {
            return ProtectResult.BufferTooSmall;
        }

        if (!TryNextSequence(out ulong sequence))
        {
            return ProtectResult.SequenceExhausted;
        }

        packetOffset = start;
        packetLength = header + textLength + _info.IcvLength;
        Seal(buffer.Slice(start, packetLength), payloadLength, textLength, EspPacket.NextHeaderFor(version), sequence);
        return ProtectResult.Ok;
    }

    private ProtectResult ProtectEspTransport(Span<byte> buffer, int payloadOffset, int payloadLength, out int packetOffset, out int packetLength)
    {
        packetOffset = 0;
        packetLength = 0;
        Span<byte> original = buffer.Slice(payloadOffset, payloadLength);
        ProtectResult shape = CheckTransportShape(original, out int headerLength, out byte nextHeader, out int totalLength);
        if (shape != ProtectResult.Ok)
        {
            return shape;
        }

        int header = EspPacket.HeaderLength + _info.IvLength;
        int upperLength = totalLength - headerLength;
        int textLength = PaddedTextLength(upperLength);
        int start = payloadOffset - header;
        int newTotal = headerLength + header + textLength + _info.IcvLength;
        if (start < 0 || payloadOffset + newTotal - header > buffer.Length)
        {
            return ProtectResult.BufferTooSmall;
        }

        if (newTotal > ushort.MaxValue + (original[0] >> 4 == 6 ? IpPacket.IPv6HeaderLength : 0))
        {
            return ProtectResult.Unsupported;
        }

        if (!TryNextSequence(out ulong sequence))
        {
            return ProtectResult.SequenceExhausted;
        }

        // Slide only the IP header left to open a gap for SPI|Seq|IV; the payload stays where it is.
        buffer.Slice(payloadOffset, headerLength).CopyTo(buffer.Slice(start, headerLength));
        Span<byte> packet = buffer.Slice(start, newTotal);
        Seal(packet[headerLength..], upperLength, textLength, nextHeader, sequence);
        EspPacket.RewriteNetworkHeader(packet, headerLength, EspConstants.IpProtocolEsp, newTotal);
        packetOffset = start;
        packetLength = newTotal;
        return ProtectResult.Ok;
    }

    /// <summary>Transport mode protects whole, unfragmented datagrams with the header ESP/AH can follow directly.</summary>
    private static ProtectResult CheckTransportShape(ReadOnlySpan<byte> original, out int headerLength, out byte nextHeader, out int totalLength)
    {
        if (!EspPacket.TryReadNetworkHeader(original, out headerLength, out nextHeader, out totalLength))
        {
            return ProtectResult.Malformed;
        }

        if (original[0] >> 4 == 4)
        {
            // RFC 4303 §3.1.1: transport mode is applied to whole IP datagrams, not fragments.
            return (BinaryPrimitives.ReadUInt16BigEndian(original[6..]) & 0x3fff) != 0 ? ProtectResult.Unsupported : ProtectResult.Ok;
        }

        // RFC 4303 §3.1.1: ESP goes after hop-by-hop, routing and fragment headers; we only insert after the fixed header.
        return nextHeader is 0 or 43 or 44 ? ProtectResult.Unsupported : ProtectResult.Ok;
    }

    /// <summary>RFC 4303 §2.4: payload + Pad Length + Next Header rounded up to the cipher block (or 4 octets).</summary>
    private int PaddedTextLength(int payloadLength)
    {
        int align = _info.Alignment;
        return (payloadLength + 2 + align - 1) / align * align;
    }

    /// <summary>Writes trailer, SPI and sequence number, then encrypts and authenticates in a rented lane.</summary>
    private void Seal(Span<byte> esp, int payloadLength, int textLength, byte nextHeader, ulong sequence)
    {
        int textOffset = EspPacket.HeaderLength + _info.IvLength;
        Span<byte> trailer = esp.Slice(textOffset + payloadLength, textLength - payloadLength);
        int padLength = trailer.Length - 2;
        // RFC 4303 §2.4: padding bytes are 1, 2, 3, … so the receiver can check them.
        for (int i = 0; i < padLength; i++)
        {
            trailer[i] = (byte)(i + 1);
        }

        trailer[padLength] = (byte)padLength;
        trailer[padLength + 1] = nextHeader;
        BinaryPrimitives.WriteUInt32BigEndian(esp, Spi);
        BinaryPrimitives.WriteUInt32BigEndian(esp[4..], (uint)sequence);
        int lane = _esp!.Rent(out EspTransform transform);
        try
        {
            transform.Seal(esp, textLength, sequence, Parameters.ExtendedSequenceNumbers, TakeForcedIv());
        }
        finally
        {
            _esp.Return(lane);
        }
    }
}
