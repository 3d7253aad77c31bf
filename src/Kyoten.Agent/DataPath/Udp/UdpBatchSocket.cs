using System.Net;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Udp;

/// <summary>
/// A UDP socket (IPv4 or IPv6) batched with recvmmsg/sendmmsg, with UDP_SEGMENT (GSO) on send
/// and UDP_GRO on receive when the kernel accepts them.
/// </summary>
internal sealed class UdpBatchSocket : BatchedSocket
{
    public const int DefaultBatch = 64;

    private UdpBatchSocket(int fd, bool gso, bool gro, int batch)
        : base(fd, batch, sendIovecs: batch * 2, gso)
    {
        GsoEnabled = gso;
        GroEnabled = gro;
    }

    public bool GsoEnabled { get; }

    public bool GroEnabled { get; }

    public static UdpBatchSocket Bind(IPEndPoint local, bool offloads = true, int batch = DefaultBatch, int firewallMark = 0)
    {
        int family = SocketHandle.Family(local);
        int fd = SocketHandle.Create(family, LinuxConstants.SOCK_DGRAM, 0);
        try
        {
            SocketHandle.SetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
            if (family == LinuxConstants.AF_INET6)
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_V6ONLY, 1, "IPV6_V6ONLY");
                _ = SocketHandle.TrySetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_MTU_DISCOVER, LinuxConstants.IPV6_PMTUDISC_DONT);
            }
            else
            {
                // Let the outer packet fragment rather than vanish: the inner path MTU is
                // handled at the TUN (ICMP frag-needed), the WAN MTU is not ours to discover.
                _ = SocketHandle.TrySetInt(fd, LinuxConstants.IPPROTO_IP, LinuxConstants.IP_MTU_DISCOVER, LinuxConstants.IP_PMTUDISC_DONT);
            }

            SocketHandle.SetBufferSizes(fd, 8 << 20);
            SocketHandle.SetMark(fd, firewallMark);
            bool gro = offloads && SocketHandle.TrySetInt(fd, LinuxConstants.SOL_UDP, LinuxConstants.UDP_GRO, 1);
            bool gso = offloads && SocketHandle.TrySetInt(fd, LinuxConstants.SOL_UDP, LinuxConstants.UDP_SEGMENT, 0);
            SocketHandle.Bind(fd, NetEndpoint.FromIPEndPoint(local));
            return new UdpBatchSocket(fd, gso, gro, batch);
        }
        catch
        {
            _ = LibC.close(fd);
            throw;
        }
    }
}
