using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary>
/// Native arrays for one recvmmsg/sendmmsg call: message headers, their socket addresses and
/// control buffers, and an iovec pool. Allocated once per socket, never per packet.
/// </summary>
internal sealed unsafe class MessageVector : IDisposable
{
    public const int ControlSize = 64;

    public MessageVector(int messages, int iovecs)
    {
        Capacity = messages;
        IovCapacity = iovecs;
        Headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(messages * sizeof(MMsgHdr)));
        Names = (byte*)NativeMemory.AllocZeroed((nuint)(messages * NetEndpoint.SockAddrCapacity));
        Controls = (byte*)NativeMemory.AllocZeroed((nuint)(messages * ControlSize));
        Iov = (IoVec*)NativeMemory.AllocZeroed((nuint)(iovecs * sizeof(IoVec)));
    }

    public int Capacity { get; }

    public int IovCapacity { get; }

    public MMsgHdr* Headers { get; }

    public byte* Names { get; }

    public byte* Controls { get; }

    public IoVec* Iov { get; }

    public byte* Name(int index) => Names + (index * NetEndpoint.SockAddrCapacity);

    public byte* Control(int index) => Controls + (index * ControlSize);

    public void Dispose()
    {
        NativeMemory.Free(Headers);
        NativeMemory.Free(Names);
        NativeMemory.Free(Controls);
        NativeMemory.Free(Iov);
    }
}
