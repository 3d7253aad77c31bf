namespace Kyoten.Agent.DataPath.Interop;

/// <summary>Linux x86-64/arm64 ABI constants (socket.h, in.h, udp.h, if_tun.h, sockios.h).</summary>
internal static class LinuxConstants
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_SNDBUFFORCE = 32;
    public const int SO_RCVBUFFORCE = 33;
    public const int SO_MARK = 36;

    public const int IPPROTO_IP = 0;
    public const int IPPROTO_IPV6 = 41;
    public const int IP_HDRINCL = 3;
    public const int IP_MTU_DISCOVER = 10;
    public const int IP_PMTUDISC_DONT = 0;
    public const int IPV6_MTU_DISCOVER = 23;
    public const int IPV6_V6ONLY = 26;
    public const int IPV6_HDRINCL = 36;
    public const int IPV6_PMTUDISC_DONT = 0;

    public const int SOL_UDP = 17;
    public const int UDP_SEGMENT = 103;
    public const int UDP_GRO = 104;

    public const int MSG_DONTWAIT = 0x40;
    public const int SHUT_RDWR = 2;

    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    public const int CLONE_NEWNET = 0x40000000;

    // if_tun.h: _IOW('T', nr, int)
    public const uint TUNSETIFF = 0x400454ca;
    public const uint TUNSETOFFLOAD = 0x400454d0;
    public const uint TUNSETVNETHDRSZ = 0x400454d8;
    public const short IFF_TUN = 0x0001;
    public const short IFF_NO_PI = 0x1000;
    public const short IFF_VNET_HDR = 0x4000;
    public const uint TUN_F_CSUM = 0x01;
    public const uint TUN_F_TSO4 = 0x02;
    public const uint TUN_F_TSO6 = 0x04;
    public const uint TUN_F_USO4 = 0x20;
    public const uint TUN_F_USO6 = 0x40;

    // sockios.h
    public const uint SIOCGIFFLAGS = 0x8913;
    public const uint SIOCSIFFLAGS = 0x8914;
    public const uint SIOCSIFMTU = 0x8922;
    public const short IFF_UP = 0x1;
    public const int IFNAMSIZ = 16;
    public const int IfReqSize = 40;
}
