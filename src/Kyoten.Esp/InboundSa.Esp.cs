using Kyoten.Esp.Crypto;

namespace Kyoten.Esp;

public sealed partial class InboundSa
{
    private UnprotectResult UnprotectEspTunnel(Span<byte> esp, out int innerOffset, out int innerLength)
    {
        innerOffset = 0;
        innerLength = 0;
        UnprotectResult opened = OpenEsp(esp, out int payloadLength, out byte nextHeader);
        if (opened != UnprotectResult.Ok)
        {
            return opened;
        }

        int version = VersionForNextHeader(nextHeader);
        if (version == 0)
        {
            return UnprotectResult.Malformed;
        }

        innerOffset = EspPacket.HeaderLength + _info.IvLength;
        // RFC 4303 §2.7: in tunnel mode TFC padding may follow the inner packet; its own length rules.
        return CheckInner(esp.Slice(innerOffset, payloadLength), version, out innerLength);
    }

    private UnprotectResult UnprotectEspTransport(Span<byte> packet, out int innerOffset, out int innerLength)
    {
        innerOffset = 0;
        innerLength = 0;
        if (!EspPacket.TryReadNetworkHeader(packet, out int headerLength, out byte protocol, out int totalLength)
            || protocol != EspConstants.IpProtocolEsp)
        {
            return UnprotectResult.Malformed;
        }

        UnprotectResult opened = OpenEsp(packet[headerLength..totalLength], out int payloadLength, out byte nextHeader);
        if (opened != UnprotectResult.Ok)
        {
            return opened;
        }

        // Slide the IP header right over SPI|Seq|IV so it sits against the decrypted payload again.
        int gap = EspPacket.HeaderLength + _info.IvLength;
        packet[..headerLength].CopyTo(packet[gap..]);
        Span<byte> restored = packet.Slice(gap, headerLength + payloadLength);
        EspPacket.RewriteNetworkHeader(restored, headerLength, nextHeader, restored.Length);
        innerOffset = gap;
        return CheckInner(restored, 0, out innerLength);
    }

    /// <summary>
    /// RFC 4303 §3.4: length sanity, SPI, replay check, ICV + decryption, window update, then the trailer
    /// (Pad Length, padding 1, 2, 3, …, Next Header). Dummy packets stop here.
    /// </summary>
    private UnprotectResult OpenEsp(Span<byte> esp, out int payloadLength, out byte nextHeader)
    {
        payloadLength = 0;
        nextHeader = 0;
        int textOffset = EspPacket.HeaderLength + _info.IvLength;
        int textLength = esp.Length - textOffset - _info.IcvLength;
        if (textLength < 2 || textLength % _info.Alignment != 0)
        {
            // Too short for Pad Length + Next Header, or not cipher-block aligned (RFC 4303 §2.4).
            return UnprotectResult.Malformed;
        }

        UnprotectResult pre = PreCheck(esp, out ulong sequence);
        if (pre != UnprotectResult.Ok)
        {
            return pre;
        }

        bool authentic;
        int lane = _esp!.Rent(out EspTransform transform);
        try
        {
            authentic = transform.Open(esp, textLength, sequence, Parameters.ExtendedSequenceNumbers);
        }
        finally
        {
            _esp.Return(lane);
        }

        if (!authentic)
        {
            return UnprotectResult.AuthFailed;
        }

        if (!CommitSequence(sequence))
        {
            return UnprotectResult.Replayed;
        }

        Span<byte> text = esp.Slice(textOffset, textLength);
        int padLength = text[^2];
        nextHeader = text[^1];
        if (padLength + 2 > textLength)
        {
            return UnprotectResult.BadPadding;
        }

        for (int i = 0; i < padLength; i++)
        {
            // RFC 4303 §2.4: the receiver SHOULD inspect the padding (default scheme 1, 2, 3, …).
            if (text[textLength - 2 - padLength + i] != i + 1)
            {
                return UnprotectResult.BadPadding;
            }
        }

        payloadLength = textLength - 2 - padLength;
        return nextHeader == EspPacket.NextHeaderDummy ? UnprotectResult.Dummy : UnprotectResult.Ok;
    }
}
