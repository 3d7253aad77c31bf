using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// One pre-allocated, pinned packet buffer. The packet lives at [<see cref="Offset"/>,
/// <see cref="Offset"/>+<see cref="Length"/>) with headroom before it, so ESP/AH, UDP and IP
/// headers are added in place (as wireguard-go leaves room for its header) and the tailroom
/// after it takes padding and the ICV.
/// </summary>
internal sealed unsafe class PacketBuffer
{
    public PacketBuffer(int capacity)
    {
        Memory = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
        Pointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Memory));
    }

    public byte[] Memory { get; }

    /// <summary>Address of <see cref="Memory"/>[0]; stable because the array is pinned.</summary>
    public byte* Pointer { get; }

    public int Capacity => Memory.Length;

    public int Offset { get; set; }

    public int Length { get; set; }

    /// <summary>The remote endpoint a datagram came from or goes to.</summary>
    public NetEndpoint Peer { get; set; }

    public Span<byte> Data => Memory.AsSpan(Offset, Length);

    public void Set(int offset, int length)
    {
        Offset = offset;
        Length = length;
    }
}
