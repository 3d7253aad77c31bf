using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary><c>struct cmsghdr</c>; data follows at <see cref="DataOffset"/> (CMSG_DATA on 64-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CMsgHdr
{
    public const int DataOffset = 16;

    public nuint Length;
    public int Level;
    public int Type;

    /// <summary>CMSG_SPACE: header plus data rounded up to 8 bytes.</summary>
    public static int Space(int dataLength) => DataOffset + ((dataLength + 7) & ~7);
}
