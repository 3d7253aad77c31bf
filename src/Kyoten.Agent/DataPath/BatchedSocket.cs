using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// What the UDP and the raw IP socket share: a socket descriptor batched with recvmmsg/sendmmsg,
/// a stop signal that wakes a blocked receive, and the count of sends the kernel refused.
/// Receives and sends may run on two threads at once; <see cref="SendTo"/> from any thread.
/// </summary>
internal abstract unsafe class BatchedSocket : IDatagramSocket
{
    private readonly int _fd;
    private readonly StopSignal _stop = new();
    private readonly MessageVector _receiveVector;
    private readonly MessageVector _sendVector;
    private readonly bool _gso;
    private long _sendFailures;
    private int _disposed;

    /// <param name="gso">Sends coalesce same-peer, same-size datagrams with UDP_SEGMENT.</param>
    protected BatchedSocket(int fd, int batch, int sendIovecs, bool gso)
    {
        _fd = fd;
        _gso = gso;
        _receiveVector = new MessageVector(batch, batch);
        _sendVector = new MessageVector(batch, sendIovecs);
        LocalEndPoint = SocketHandle.GetLocalEndPoint(fd);
    }

    public NetEndpoint LocalEndPoint { get; }

    /// <summary>Datagrams the kernel refused to send.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public bool Receive(DatagramBatch batch) => BatchSyscalls.Receive(_fd, _receiveVector, batch, _stop);

    public void Send(ReadOnlySpan<PacketBuffer> packets)
    {
        int failed = BatchSyscalls.Send(_fd, _sendVector, packets, _gso);
        if (failed != 0)
        {
            Interlocked.Add(ref _sendFailures, failed);
        }
    }

    public void SendTo(ReadOnlySpan<byte> datagram, NetEndpoint peer)
    {
        byte* address = stackalloc byte[NetEndpoint.SockAddrCapacity];
        int length = peer.WriteSockAddr(new Span<byte>(address, NetEndpoint.SockAddrCapacity));
        fixed (byte* data = datagram)
        {
            if (LibC.sendto(_fd, data, datagram.Length, 0, address, length) < 0)
            {
                Interlocked.Increment(ref _sendFailures);
            }
        }
    }

    public void Stop() => _stop.Raise();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Raise();
            _ = LibC.close(_fd);
            _stop.Dispose();
            _receiveVector.Dispose();
            _sendVector.Dispose();
        }
    }
}
