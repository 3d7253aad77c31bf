using System.Net;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Udp;

/// <summary>
/// A UDP socket (IPv4 or IPv6) batched with recvmmsg/sendmmsg, with UDP_SEGMENT (GSO) on send
/// and UDP_GRO on receive when the kernel accepts them. Receives and sends may run on two
/// threads at once; <see cref="SendTo"/> may be called from any thread.
/// </summary>
internal sealed unsafe class UdpBatchSocket : IDatagramSocket
{
    public const int DefaultBatch = 64;

    private readonly int _fd;
    private readonly StopSignal _stop = new();
    private readonly MessageVector _receiveVector;
    private readonly MessageVector _sendVector;
    private long _sendFailures;
    private int _disposed;

    private UdpBatchSocket(int fd, bool gso, bool gro, int batch)
    {
        _fd = fd;
        GsoEnabled = gso;
        GroEnabled = gro;
        _receiveVector = new MessageVector(batch, batch);
        _sendVector = new MessageVector(batch, batch * 2);
        LocalEndPoint = SocketHandle.GetLocalEndPoint(fd);
    }

    public NetEndpoint LocalEndPoint { get; }

    public bool GsoEnabled { get; }

    public bool GroEnabled { get; }

    /// <summary>Datagrams the kernel refused to send.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public static UdpBatchSocket Bind(IPEndPoint local, bool offloads = true, int batch = DefaultBatch, int firewallMark = 0)
    {
        int family = SocketHandle.Family(local);
        int fd = SocketHandle.Create(family, LinuxConstants.SOCK_DGRAM, 0);
        try
        {
            SocketHandle.SetInt(fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_REUSEADDR, 1, "SO_REUSEADDR");
            if (family == LinuxConstants.AF_INET6)
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_V6ONLY, 1, "IPV6_V6ONLY");
                _ = SocketHandle.TrySetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_MTU_DISCOVER, LinuxConstants.IPV6_PMTUDISC_DONT);
            }
            else
            {
                // Let the outer packet fragment rather than vanish: the inner path MTU is
                // handled at the TUN (ICMP frag-needed), the WAN MTU is not ours to discover.
                _ = SocketHandle.TrySetInt(fd, LinuxConstants.IPPROTO_IP, LinuxConstants.IP_MTU_DISCOVER, LinuxConstants.IP_PMTUDISC_DONT);
            }

            SocketHandle.SetBufferSizes(fd, 8 << 20);
            SocketHandle.SetMark(fd, firewallMark);
            bool gro = offloads && SocketHandle.TrySetInt(fd, LinuxConstants.SOL_UDP, LinuxConstants.UDP_GRO, 1);
            bool gso = offloads && SocketHandle.TrySetInt(fd, LinuxConstants.SOL_UDP, LinuxConstants.UDP_SEGMENT, 0);
            SocketHandle.Bind(fd, NetEndpoint.FromIPEndPoint(local));
            return new UdpBatchSocket(fd, gso, gro, batch);
        }
        catch
        {
            _ = LibC.close(fd);
            throw;
        }
    }

    public bool Receive(DatagramBatch batch) => BatchSyscalls.Receive(_fd, _receiveVector, batch, _stop);

    public void Send(ReadOnlySpan<PacketBuffer> packets)
    {
        int failed = BatchSyscalls.Send(_fd, _sendVector, packets, GsoEnabled);
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
