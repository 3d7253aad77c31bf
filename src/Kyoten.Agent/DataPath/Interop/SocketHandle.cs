using System.Net;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary>Creates, configures and binds the data path's sockets through libc.</summary>
internal static unsafe class SocketHandle
{
    public static int Create(int family, int type, int protocol)
    {
        int fd = LibC.socket(family, type | LinuxConstants.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw LibC.Error("socket");
        }

        return fd;
    }

    public static void SetInt(int fd, int level, int name, int value, string what)
    {
        if (!TrySetInt(fd, level, name, value))
        {
            throw LibC.Error(what);
        }
    }

    public static bool TrySetInt(int fd, int level, int name, int value) =>
        LibC.setsockopt(fd, level, name, &value, sizeof(int)) == 0;

    /// <summary>Large buffers absorb bursts of whole batches; FORCE works as root, the plain form otherwise.</summary>
    public static void SetBufferSizes(int fd, int bytes)
    {
        if (!TrySetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUFFORCE, bytes))
        {
            _ = TrySetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUF, bytes);
        }

        if (!TrySetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_SNDBUFFORCE, bytes))
        {
            _ = TrySetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_SNDBUF, bytes);
        }
    }

    /// <summary>
    /// SO_MARK on the data path's own sockets, so policy routing (<c>ip rule not fwmark M table T</c>,
    /// as wg-quick does) can send the protected traffic into the TUN and the ESP/AH carrying it out
    /// of the WAN even when both have the same destination (transport mode). 0 leaves it unset.
    /// </summary>
    public static void SetMark(int fd, int mark)
    {
        if (mark != 0)
        {
            SetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_MARK, mark, "SO_MARK");
        }
    }

    public static void Bind(int fd, NetEndpoint local)
    {
        byte* address = stackalloc byte[NetEndpoint.SockAddrCapacity];
        int length = local.WriteSockAddr(new Span<byte>(address, NetEndpoint.SockAddrCapacity));
        if (LibC.bind(fd, address, length) != 0)
        {
            throw LibC.Error($"bind {local}");
        }
    }

    public static NetEndpoint GetLocalEndPoint(int fd)
    {
        byte* address = stackalloc byte[NetEndpoint.SockAddrCapacity];
        int length = NetEndpoint.SockAddrCapacity;
        if (LibC.getsockname(fd, address, &length) != 0
            || !NetEndpoint.TryReadSockAddr(new ReadOnlySpan<byte>(address, length), out NetEndpoint endpoint))
        {
            throw LibC.Error("getsockname");
        }

        return endpoint;
    }

    public static int Family(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET;
}
