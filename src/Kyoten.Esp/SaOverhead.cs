using Kyoten.Esp.Packets;

namespace Kyoten.Esp;

/// <summary>Worst-case octets an SA adds to a packet, so the data path can set TUN MTU = path MTU − overhead.</summary>
public static class SaOverhead
{
    /// <summary>
    /// ESP: [outer IP, tunnel only] + [UDP 8 if NAT-T] + SPI/Seq 8 + IV + worst padding (alignment − 1)
    /// + Pad Length + Next Header + ICV. AH: [outer IP, tunnel only] + AH header (padded per IP version).
    /// In transport mode <paramref name="outerIpv6"/> names the version of the packets themselves.
    /// </summary>
    public static int Compute(SaParameters parameters, bool outerIpv6, bool udpEncap)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var info = parameters.Info;
        int outerIp = parameters.Mode == IpsecMode.Tunnel ? (outerIpv6 ? IpPacket.IPv6HeaderLength : IpPacket.IPv4HeaderLength) : 0;
        if (parameters.Protocol == IpsecProtocol.Ah)
        {
            return outerIp + AhHeader.Length(info.IcvLength, outerIpv6 ? 6 : 4);
        }

        int udp = udpEncap ? 8 : 0;
        return outerIp + udp + EspPacket.HeaderLength + info.IvLength + (info.Alignment - 1) + 2 + info.IcvLength;
    }
}
