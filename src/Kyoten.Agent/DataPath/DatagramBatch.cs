namespace Kyoten.Agent.DataPath;

/// <summary>
/// Receive side of a batch: up to <see cref="MessageCapacity"/> datagrams as recvmmsg(2) returns
/// them, each possibly a UDP GRO super-datagram of equal-size segments (the last may be
/// shorter), and the list of segments after splitting. Segments are views into the message
/// buffers and are valid until the next receive.
/// </summary>
internal sealed class DatagramBatch
{
    /// <summary>Largest UDP payload (and so the largest GRO super-datagram).</summary>
    public const int MaxDatagram = 65535;

    /// <summary>
    /// Room before each message: enough to rebuild an outer IPv6 header in front of the first
    /// segment (UDP-encapsulated transport mode) or to put a TUN virtio header there.
    /// </summary>
    public const int Headroom = 64;

    private readonly int[] _messageLength;
    private readonly int[] _messageSegmentSize;
    private readonly NetEndpoint[] _messagePeer;
    private int[] _segmentMessage;
    private int[] _segmentOffset;
    private int[] _segmentLength;

    public DatagramBatch(int messageCapacity, int messageSize = MaxDatagram)
    {
        Messages = new PacketBatch(messageCapacity, Headroom + messageSize);
        _messageLength = new int[messageCapacity];
        _messageSegmentSize = new int[messageCapacity];
        _messagePeer = new NetEndpoint[messageCapacity];
        _segmentMessage = new int[messageCapacity * 4];
        _segmentOffset = new int[messageCapacity * 4];
        _segmentLength = new int[messageCapacity * 4];
    }

    public int MessageCapacity => Messages.Capacity;

    /// <summary>The receive buffers, one per message; data starts at <see cref="Headroom"/>.</summary>
    public PacketBatch Messages { get; }

    /// <summary>Number of segments (datagrams) after <see cref="Complete"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Records message <paramref name="index"/>; <paramref name="segmentSize"/> is the GRO gso_size or 0.</summary>
    public void SetMessage(int index, int length, NetEndpoint peer, int segmentSize)
    {
        _messageLength[index] = length;
        _messagePeer[index] = peer;
        _messageSegmentSize[index] = segmentSize;
    }

    /// <summary>Splits the first <paramref name="messageCount"/> messages into segments.</summary>
    public void Complete(int messageCount)
    {
        Count = 0;
        for (int m = 0; m < messageCount; m++)
        {
            int length = _messageLength[m];
            int size = _messageSegmentSize[m] > 0 ? _messageSegmentSize[m] : length;
            if (length == 0)
            {
                AddSegment(m, Headroom, 0);
                continue;
            }

            for (int offset = 0; offset < length; offset += size)
            {
                AddSegment(m, Headroom + offset, Math.Min(size, length - offset));
            }
        }
    }

    public Span<byte> Segment(int index) =>
        Messages[_segmentMessage[index]].Memory.AsSpan(_segmentOffset[index], _segmentLength[index]);

    /// <summary>The whole buffer holding segment <paramref name="index"/> and where the segment starts in it.</summary>
    public byte[] SegmentBuffer(int index, out int offset, out int length)
    {
        offset = _segmentOffset[index];
        length = _segmentLength[index];
        return Messages[_segmentMessage[index]].Memory;
    }

    public NetEndpoint Peer(int index) => _messagePeer[_segmentMessage[index]];

    private void AddSegment(int message, int offset, int length)
    {
        if (Count == _segmentMessage.Length)
        {
            Array.Resize(ref _segmentMessage, Count * 2);
            Array.Resize(ref _segmentOffset, Count * 2);
            Array.Resize(ref _segmentLength, Count * 2);
        }

        _segmentMessage[Count] = message;
        _segmentOffset[Count] = offset;
        _segmentLength[Count] = length;
        Count++;
    }
}
