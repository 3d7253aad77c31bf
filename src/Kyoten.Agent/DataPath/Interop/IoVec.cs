using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary><c>struct iovec</c> (sys/uio.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public byte* Base;
    public nuint Length;
}
