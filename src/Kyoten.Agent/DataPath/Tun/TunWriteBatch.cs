namespace Kyoten.Agent.DataPath.Tun;

/// <summary>
/// Decrypted packets waiting to be written to the TUN, as views into pinned receive buffers
/// (valid until the next receive). Writing them together lets the device coalesce one TCP
/// flow's segments into a single super-packet (<see cref="TcpCoalescer"/>).
/// </summary>
internal sealed class TunWriteBatch
{
    private byte[][] _memory;
    private int[] _offset;
    private int[] _length;

    public TunWriteBatch(int capacity = 256)
    {
        _memory = new byte[capacity][];
        _offset = new int[capacity];
        _length = new int[capacity];
    }

    public int Count { get; private set; }

    /// <summary>Queues memory[offset, offset+length); the 10 octets before offset may be overwritten.</summary>
    public void Add(byte[] memory, int offset, int length)
    {
        if (Count == _memory.Length)
        {
            Array.Resize(ref _memory, Count * 2);
            Array.Resize(ref _offset, Count * 2);
            Array.Resize(ref _length, Count * 2);
        }

        _memory[Count] = memory;
        _offset[Count] = offset;
        _length[Count] = length;
        Count++;
    }

    public byte[] Memory(int index) => _memory[index];

    public int Offset(int index) => _offset[index];

    public int Length(int index) => _length[index];

    public Span<byte> Packet(int index) => _memory[index].AsSpan(_offset[index], _length[index]);

    public void Clear() => Count = 0;
}
