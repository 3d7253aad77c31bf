using System.Buffers.Binary;
using System.Net;
using Kyoten.Agent.DataPath.Tun;
using Kyoten.Agent.DataPath.Udp;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>Socket → SPI → unprotect → TUN, one receive batch at a time.</summary>
internal sealed partial class DataPathEngine
{
    /// <summary><paramref name="protocol"/>: 0 for the NAT-T socket, else the raw socket's IP protocol (50/51).</summary>
    private void InboundLoop(IDatagramSocket socket, byte protocol)
    {
        bool udp = protocol == 0;
        var batch = new DatagramBatch(udp ? _options.BatchSize : 16);
        var toTun = new TunWriteBatch();
        while (socket.Receive(batch))
        {
            Interlocked.Add(ref _datagramsReceived, batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                if (udp)
                {
                    ReceiveUdp(batch, i, toTun);
                }
                else
                {
                    ReceiveRaw(batch, i, toTun, protocol);
                }
            }

            FlushToTun(toTun);
        }
    }

    /// <summary>RFC 3948 §2: keepalive, IKE behind the non-ESP marker, or ESP.</summary>
    private void ReceiveUdp(DatagramBatch batch, int index, TunWriteBatch toTun)
    {
        byte[] memory = batch.SegmentBuffer(index, out int offset, out int length);
        Span<byte> payload = memory.AsSpan(offset, length);
        switch (UdpEncapsulation.Classify(payload))
        {
            case UdpPayloadKind.Keepalive:
                Interlocked.Increment(ref _keepalivesReceived);
                return;
            case UdpPayloadKind.Ike:
                DeliverIke(payload[UdpEncapsulation.NonEspMarkerLength..], batch.Peer(index));
                return;
            case UdpPayloadKind.Malformed:
                Drop(DropReason.Malformed);
                return;
        }

        if (!EspPacket.TryReadSpi(payload, out uint spi))
        {
            Drop(DropReason.Malformed);
            return;
        }

        if (!_sad.TryGet(spi, out InboundSa? sa))
        {
            CountUnknownSpi(batch.Peer(index)); // and by the SAD, engine-wide
            return;
        }

        if (sa.Protocol != IpsecProtocol.Esp)
        {
            // RFC 3948 carries ESP only: this SPI names an AH SA.
            sa.RecordDrop(UnprotectResult.Malformed);
            Drop(DropReason.Malformed);
            return;
        }

        int start = offset;
        if (sa.Mode == IpsecMode.Transport)
        {
            // Unprotect wants the IP packet the NAT-T sender had; rebuild its header in front
            // (the batch headroom or the previous segment lies there: deliver that one first).
            FlushToTun(toTun);
            IPAddress local = sa.Parameters.TunnelLocal ?? _udpLocal.Address;
            IPAddress remote = sa.Parameters.TunnelRemote ?? batch.Peer(index).ToIPEndPoint().Address;
            int header = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpPacket.IPv6HeaderLength : IpPacket.IPv4HeaderLength;
            start -= header;
            EspPacket.WriteOuterIpHeader(memory.AsSpan(start), remote, local, EspConstants.IpProtocolEsp, length);
        }

        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        if (Deliver(sa, memory, start, offset + length - start, toTun))
        {
            FollowPeer(sa, batch.Peer(index), sequence);
        }
    }

    /// <summary>
    /// NAT rebinding (RFC 7296 §2.23: send to where the last valid authenticated packet came from;
    /// RFC 3948 keeps ESP on the IKE mapping): a packet that verified, was not a replay and moved
    /// the replay window's right edge, from a new address or port, moves the tunnel's peer there.
    /// Only the newest packet counts, so a late one through the old mapping cannot move it back.
    /// The comparison is all valid traffic pays; the rest runs once per move.
    /// </summary>
    private void FollowPeer(InboundSa sa, NetEndpoint source, uint sequence)
    {
        Tunnel?[] tunnels = Volatile.Read(ref _tunnelsById);
        Tunnel? tunnel = sa.Handle < tunnels.Length ? tunnels[sa.Handle] : null;
        if (tunnel is not { UdpEncapsulation: true })
        {
            return;
        }

        NetEndpoint current = tunnel.Peer;
        if (current == source || (uint)sa.HighestSequenceNumber != sequence)
        {
            return;
        }

        tunnel.Peer = source;
        tunnel.CountRebinding();
        DataPathLog.PeerRebound(_logger, tunnel.Name, current.ToString(), source.ToString());
        PeerRebound?.Invoke(tunnel.Name, source.ToIPEndPoint());
    }

    /// <summary>Raw protocol 50/51: an IPv4 datagram is the whole packet (raw(7)); IPv6 starts at ESP/AH (ipv6(7)).</summary>
    private void ReceiveRaw(DatagramBatch batch, int index, TunWriteBatch toTun, byte protocol)
    {
        if (batch.Peer(index).IsIPv6)
        {
            ReceiveRawIPv6(batch, index, toTun, protocol);
            return;
        }

        byte[] memory = batch.SegmentBuffer(index, out int offset, out int length);
        Span<byte> packet = memory.AsSpan(offset, length);
        if (!EspPacket.TryReadSpiFromIpPacket(packet, out _, out uint spi))
        {
            Drop(DropReason.Malformed);
            return;
        }

        if (!_sad.TryGet(spi, out InboundSa? sa))
        {
            CountUnknownSpi(batch.Peer(index));
            return;
        }

        if (sa.Protocol == IpsecProtocol.Esp && sa.Mode == IpsecMode.Tunnel)
        {
            // ESP tunnel mode takes the ESP packet alone.
            EspPacket.TryLocateInIpPacket(packet, out _, out int espOffset, out int espLength);
            Deliver(sa, memory, offset + espOffset, espLength, toTun);
            return;
        }

        Deliver(sa, memory, offset, length, toTun);
    }

    /// <summary>
    /// IPv6 raw receive: ESP tunnel mode takes the ESP packet as it is; transport mode and AH need
    /// the IPv6 header the kernel kept, so it is rebuilt in the batch headroom from what the socket
    /// tells: the sender's address, ours, the protocol and the length. AH's ICV zeroes the mutable
    /// fields (traffic class, flow label, hop limit: RFC 4302 §3.3.3.1.2.1), so what the rebuilt
    /// header puts there does not matter, and it verifies exactly when the sender signed these addresses. Extension headers before ESP/AH
    /// are not seen here and so not supported.
    /// </summary>
    private void ReceiveRawIPv6(DatagramBatch batch, int index, TunWriteBatch toTun, byte protocol)
    {
        byte[] memory = batch.SegmentBuffer(index, out int offset, out int length);
        Span<byte> payload = memory.AsSpan(offset, length);
        // RFC 4303 §2: SPI first; RFC 4302 §2: Next Header, Payload Len, Reserved, then the SPI.
        int spiOffset = protocol == EspConstants.IpProtocolAh ? 4 : 0;
        if (payload.Length < spiOffset + 8)
        {
            Drop(DropReason.Malformed);
            return;
        }

        uint spi = BinaryPrimitives.ReadUInt32BigEndian(payload[spiOffset..]);
        if (!_sad.TryGet(spi, out InboundSa? sa))
        {
            CountUnknownSpi(batch.Peer(index));
            return;
        }

        if (sa.Protocol == IpsecProtocol.Esp && sa.Mode == IpsecMode.Tunnel)
        {
            Deliver(sa, memory, offset, length, toTun);
            return;
        }

        Span<byte> source = stackalloc byte[16];
        batch.Peer(index).WriteAddress(source);
        int start = offset - IpPacket.IPv6HeaderLength;
        EspPacket.WriteOuterIpHeader(memory.AsSpan(start), source, _rawLocalBytes, protocol, length);
        Deliver(sa, memory, start, length + IpPacket.IPv6HeaderLength, toTun);
    }

    /// <summary>Unprotects and queues the inner packet for the TUN; true when the packet verified (dummy packets too).</summary>
    private bool Deliver(InboundSa sa, byte[] memory, int start, int length, TunWriteBatch toTun)
    {
        UnprotectResult result = sa.Unprotect(memory.AsSpan(start, length), out int innerOffset, out int innerLength);
        if (result == UnprotectResult.Ok)
        {
            toTun.Add(memory, start + innerOffset, innerLength);
            return true;
        }

        if (result != UnprotectResult.Dummy)
        {
            Drop(DropReason.UnprotectFailed);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Charges an unknown SPI to the tunnel whose peer sent it, if any: a linear walk over the
    /// tunnels, on the drop path only, so valid traffic never pays for it.
    /// </summary>
    private void CountUnknownSpi(NetEndpoint source)
    {
        foreach (Tunnel? tunnel in Volatile.Read(ref _tunnelsById))
        {
            if (tunnel is not null && tunnel.Peer.SameAddress(source))
            {
                tunnel.CountUnknownSpi();
                return;
            }
        }
    }

    private void FlushToTun(TunWriteBatch toTun)
    {
        if (toTun.Count > 0)
        {
            // Counted first, so whoever reads a packet from the TUN also sees it counted.
            Interlocked.Add(ref _packetsToTun, toTun.Count);
            _tun.WriteBatch(toTun);
            toTun.Clear();
        }
    }

    private void DeliverIke(ReadOnlySpan<byte> message, NetEndpoint peer)
    {
        Interlocked.Increment(ref _ikeReceived);
        Action<IkeDatagram>? handler = IkeDatagramReceived;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(new IkeDatagram(_udpLocal, peer.ToIPEndPoint(), message.ToArray()));
        }
        catch (Exception e)
        {
            DataPathLog.IkeHandlerFailed(_logger, e);
        }
    }
}
