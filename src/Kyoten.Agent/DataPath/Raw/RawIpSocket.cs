using System.Net;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Raw;

/// <summary>
/// A raw socket for one IP protocol (50 ESP or 51 AH) with IP_HDRINCL / IPV6_HDRINCL: sends take
/// the complete IP packet (AH authenticates the outer header, so we build it, not the kernel).
/// IPv4 receives include the IPv4 header (raw(7)); IPv6 raw sockets never deliver the IPv6 header
/// (ipv6(7)), so an IPv6 receive starts at the ESP/AH header and the sender is in the message's
/// address. Batched like <see cref="Udp.UdpBatchSocket"/>.
/// </summary>
internal sealed class RawIpSocket : BatchedSocket
{
    private RawIpSocket(int fd, byte protocol, int batch)
        : base(fd, batch, sendIovecs: batch, gso: false)
    {
        Protocol = protocol;
    }

    public byte Protocol { get; }

    public static RawIpSocket Open(IPAddress local, byte protocol, int batch = 64, int firewallMark = 0)
    {
        bool ipv6 = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        int fd = SocketHandle.Create(ipv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET, LinuxConstants.SOCK_RAW, protocol);
        try
        {
            if (ipv6)
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_HDRINCL, 1, "IPV6_HDRINCL");
            }
            else
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IP, LinuxConstants.IP_HDRINCL, 1, "IP_HDRINCL");
            }

            SocketHandle.SetBufferSizes(fd, 8 << 20);
            SocketHandle.SetMark(fd, firewallMark);
            SocketHandle.Bind(fd, NetEndpoint.FromIPEndPoint(new IPEndPoint(local, 0)));
            return new RawIpSocket(fd, protocol, batch);
        }
        catch
        {
            _ = LibC.close(fd);
            throw;
        }
    }
}
