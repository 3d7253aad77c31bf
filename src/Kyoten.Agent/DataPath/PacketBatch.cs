namespace Kyoten.Agent.DataPath;

/// <summary>
/// A fixed set of pooled <see cref="PacketBuffer"/>s filled and drained as one unit, so the
/// syscalls (read, recvmmsg, sendmmsg) are paid once per batch, not once per packet.
/// </summary>
internal sealed class PacketBatch
{
    private readonly PacketBuffer[] _buffers;

    public PacketBatch(int capacity, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffers = new PacketBuffer[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _buffers[i] = new PacketBuffer(bufferSize);
        }
    }

    public int Capacity => _buffers.Length;

    public int BufferSize => _buffers[0].Capacity;

    /// <summary>How many buffers hold a packet, from index 0.</summary>
    public int Count { get; set; }

    public bool IsFull => Count == _buffers.Length;

    public PacketBuffer this[int index] => _buffers[index];

    /// <summary>Takes the next free buffer, or null when the batch is full.</summary>
    public PacketBuffer? TryAdd()
    {
        if (Count == _buffers.Length)
        {
            return null;
        }

        return _buffers[Count++];
    }

    public void Clear() => Count = 0;
}
