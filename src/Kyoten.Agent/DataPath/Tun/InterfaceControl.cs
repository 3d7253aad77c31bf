using System.Buffers.Binary;
using System.Text;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Tun;

/// <summary>Sets an interface's MTU and brings it up with SIOCSIFMTU/SIOCSIFFLAGS (netdevice(7)).</summary>
internal static unsafe class InterfaceControl
{
    public static void SetMtuAndUp(string name, int mtu)
    {
        int sock = LibC.socket(LinuxConstants.AF_INET, LinuxConstants.SOCK_DGRAM | LinuxConstants.SOCK_CLOEXEC, 0);
        if (sock < 0)
        {
            throw LibC.Error("socket");
        }

        try
        {
            byte* ifr = stackalloc byte[LinuxConstants.IfReqSize];
            Span<byte> request = new(ifr, LinuxConstants.IfReqSize);
            Span<byte> union = request[LinuxConstants.IFNAMSIZ..];
            request.Clear();
            Encoding.ASCII.GetBytes(name, request[..(LinuxConstants.IFNAMSIZ - 1)]);

            BinaryPrimitives.WriteInt32LittleEndian(union, mtu);
            if (LibC.ioctl(sock, LinuxConstants.SIOCSIFMTU, ifr) != 0)
            {
                throw LibC.Error("SIOCSIFMTU");
            }

            union.Clear();
            if (LibC.ioctl(sock, LinuxConstants.SIOCGIFFLAGS, ifr) != 0)
            {
                throw LibC.Error("SIOCGIFFLAGS");
            }

            short flags = BinaryPrimitives.ReadInt16LittleEndian(union);
            BinaryPrimitives.WriteInt16LittleEndian(union, (short)(flags | LinuxConstants.IFF_UP));
            if (LibC.ioctl(sock, LinuxConstants.SIOCSIFFLAGS, ifr) != 0)
            {
                throw LibC.Error("SIOCSIFFLAGS");
            }
        }
        finally
        {
            _ = LibC.close(sock);
        }
    }
}
