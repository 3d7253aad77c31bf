using System.Net;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Raw;

/// <summary>
/// A raw socket for one IP protocol (50 ESP or 51 AH) with IP_HDRINCL / IPV6_HDRINCL: sends take
/// the complete IP packet (AH authenticates the outer header, so we build it, not the kernel).
/// IPv4 receives include the IPv4 header (raw(7)); IPv6 raw sockets never deliver the IPv6 header
/// (ipv6(7)), so an IPv6 receive starts at the ESP/AH header and the sender is in the message's
/// address. Batched like <see cref="Udp.UdpBatchSocket"/>.
/// </summary>
internal sealed unsafe class RawIpSocket : IDatagramSocket
{
    private readonly int _fd;
    private readonly StopSignal _stop = new();
    private readonly MessageVector _receiveVector;
    private readonly MessageVector _sendVector;
    private long _sendFailures;
    private int _disposed;

    private RawIpSocket(int fd, byte protocol, int batch)
    {
        _fd = fd;
        Protocol = protocol;
        _receiveVector = new MessageVector(batch, batch);
        _sendVector = new MessageVector(batch, batch);
        LocalEndPoint = SocketHandle.GetLocalEndPoint(fd);
    }

    public byte Protocol { get; }

    public NetEndpoint LocalEndPoint { get; }

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    public static RawIpSocket Open(IPAddress local, byte protocol, int batch = 64, int firewallMark = 0)
    {
        bool ipv6 = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        int fd = SocketHandle.Create(ipv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET, LinuxConstants.SOCK_RAW, protocol);
        try
        {
            if (ipv6)
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_HDRINCL, 1, "IPV6_HDRINCL");
            }
            else
            {
                SocketHandle.SetInt(fd, LinuxConstants.IPPROTO_IP, LinuxConstants.IP_HDRINCL, 1, "IP_HDRINCL");
            }

            SocketHandle.SetBufferSizes(fd, 8 << 20);
            SocketHandle.SetMark(fd, firewallMark);
            SocketHandle.Bind(fd, NetEndpoint.FromIPEndPoint(new IPEndPoint(local, 0)));
            return new RawIpSocket(fd, protocol, batch);
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
        int failed = BatchSyscalls.Send(_fd, _sendVector, packets, gso: false);
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
