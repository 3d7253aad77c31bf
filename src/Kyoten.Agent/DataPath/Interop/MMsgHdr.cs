using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary><c>struct mmsghdr</c> for recvmmsg(2)/sendmmsg(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}
