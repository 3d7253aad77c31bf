using Kyoten.Esp.Crypto;
using Kyoten.Esp.Packets;

namespace Kyoten.Esp;

public sealed partial class InboundSa
{
    /// <summary>RFC 4302 §3.4: AH right after the IPv4 header or the fixed IPv6 header; both modes take the whole packet.</summary>
    private UnprotectResult UnprotectAh(Span<byte> packet, out int innerOffset, out int innerLength)
    {
        innerOffset = 0;
        innerLength = 0;
        if (!EspPacket.TryReadNetworkHeader(packet, out int headerLength, out byte protocol, out int totalLength)
            || protocol != EspConstants.IpProtocolAh)
        {
            return UnprotectResult.Malformed;
        }

        int version = packet[0] >> 4;
        int ahLength = AhHeader.Length(_info.IcvLength, version);
        if (totalLength < headerLength + ahLength || packet[headerLength + 1] != AhHeader.PayloadLenField(ahLength))
        {
            return UnprotectResult.Malformed;
        }

        packet = packet[..totalLength];
        UnprotectResult pre = PreCheck(packet.Slice(headerLength + 4, 8), out ulong sequence);
        if (pre != UnprotectResult.Ok)
        {
            return pre;
        }

        bool authentic;
        int lane = _ah!.Rent(out TruncatedHmac hmac);
        try
        {
            AhHeader.AppendIcvInput(hmac, packet, headerLength, ahLength, sequence, Parameters.ExtendedSequenceNumbers);
            authentic = hmac.Verify(packet.Slice(headerLength + AhHeader.FixedLength, _info.IcvLength));
        }
        finally
        {
            _ah.Return(lane);
        }

        if (!authentic)
        {
            return UnprotectResult.AuthFailed;
        }

        if (!CommitSequence(sequence))
        {
            return UnprotectResult.Replayed;
        }

        byte nextHeader = packet[headerLength];
        if (nextHeader == EspPacket.NextHeaderDummy)
        {
            return UnprotectResult.Dummy;
        }

        if (Mode == IpsecMode.Tunnel)
        {
            int innerVersion = VersionForNextHeader(nextHeader);
            if (innerVersion == 0)
            {
                return UnprotectResult.Malformed;
            }

            innerOffset = headerLength + ahLength;
            return CheckInner(packet[innerOffset..], innerVersion, out innerLength);
        }

        // Transport: drop AH by sliding the IP header right, then restore protocol and lengths.
        packet[..headerLength].CopyTo(packet[ahLength..]);
        Span<byte> restored = packet[ahLength..];
        EspPacket.RewriteNetworkHeader(restored, headerLength, nextHeader, restored.Length);
        innerOffset = ahLength;
        return CheckInner(restored, 0, out innerLength);
    }
}
