using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary><c>struct msghdr</c> (sys/socket.h, 64-bit layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public byte* Name;
    public int NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}
