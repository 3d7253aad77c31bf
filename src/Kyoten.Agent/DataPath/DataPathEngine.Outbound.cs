using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>TUN → policy → protect → UDP/raw, one batch at a time.</summary>
internal sealed partial class DataPathEngine
{
    private const int IcmpHeadroom = 64;

    private ushort _outerIdentification;

    private void OutboundLoop()
    {
        int bufferSize = OutboundSa.Headroom + Math.Max(_options.Tun.Mtu, _options.WanMtu) + OutboundSa.Tailroom;
        var batch = new PacketBatch(_options.BatchSize, bufferSize);
        var udp = new PacketBuffer[_options.BatchSize];
        var raw = new PacketBuffer[_options.BatchSize];
        byte[] icmp = new byte[IcmpHeadroom + 1280];
        while (_tun.ReadBatch(batch, OutboundSa.Headroom))
        {
            int udpCount = 0;
            int rawCount = 0;
            Interlocked.Add(ref _packetsFromTun, batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                PacketBuffer buffer = batch[i];
                switch (Protect(buffer, icmp))
                {
                    case PacketRoute.Udp:
                        udp[udpCount++] = buffer;
                        break;
                    case PacketRoute.RawIp:
                        raw[rawCount++] = buffer;
                        break;
                }
            }

            if (udpCount > 0)
            {
                _udp.Send(udp.AsSpan(0, udpCount));
            }

            if (rawCount > 0)
            {
                _rawEsp!.Send(raw.AsSpan(0, rawCount));
            }
        }
    }

    /// <summary>Protects one packet in place and says where it goes; drops are counted here.</summary>
    private PacketRoute Protect(PacketBuffer buffer, byte[] icmp)
    {
        SpdEntry? policy = _spd.Lookup(buffer.Data);
        if (policy is null || policy.Action != SpdAction.Protect)
        {
            // Bypass is a drop too: a packet read from the TUN would only loop back into it.
            Drop(IpPacket.TryParse(buffer.Data, out _) ? DropReason.NoPolicy : DropReason.Malformed);
            return PacketRoute.None;
        }

        Tunnel?[] tunnels = Volatile.Read(ref _tunnelsById);
        Tunnel? tunnel = policy.Handle < tunnels.Length ? tunnels[policy.Handle] : null;
        OutboundSa? sa = policy.OutboundSa;
        if (tunnel is null || sa is null)
        {
            Drop(DropReason.NoSa);
            return PacketRoute.None;
        }

        if (buffer.Length > tunnel.MaxInnerLength && TooBig(buffer, tunnel.MaxInnerLength, icmp))
        {
            return PacketRoute.None;
        }

        Span<byte> memory = buffer.Memory;
        if (_options.ClampTcpMss)
        {
            // IPv4 + TCP headers are 40 octets, IPv6 + TCP 60.
            TcpMssClamp.Apply(buffer.Data, tunnel.MaxInnerLength - (memory[buffer.Offset] >> 4 == 4 ? 40 : 60));
        }

        if (sa.Protect(memory, buffer.Offset, buffer.Length, out int offset, out int length) != ProtectResult.Ok)
        {
            Drop(DropReason.ProtectFailed);
            return PacketRoute.None;
        }

        if (tunnel.UdpEncapsulation)
        {
            if (sa.Mode == IpsecMode.Transport)
            {
                // RFC 3948 §2.1: the UDP header goes between the IP header and ESP; the IP header
                // itself is the socket's, so send only what follows it.
                int header = NetworkHeaderLength(memory[offset..]);
                offset += header;
                length -= header;
            }

            buffer.Set(offset, length);
            buffer.Peer = tunnel.Peer;
            return PacketRoute.Udp;
        }

        if (sa.Protocol == IpsecProtocol.Esp && sa.Mode == IpsecMode.Tunnel)
        {
            // Raw protocol 50 with IP(V6)_HDRINCL: build the outer header in the headroom.
            int header = tunnel.OuterHeaderLength;
            offset -= header;
            EspPacket.WriteOuterIpHeader(memory[offset..], tunnel.LocalAddress!, tunnel.RemoteAddress!, EspConstants.IpProtocolEsp, length, identification: ++_outerIdentification);
            length += header;
        }

        buffer.Set(offset, length);
        buffer.Peer = tunnel.Peer;
        return PacketRoute.RawIp;
    }

    /// <summary>Answers a DF packet too big for the tunnel with ICMP; false when it may go on (fragmented outside).</summary>
    private bool TooBig(PacketBuffer buffer, int mtu, byte[] icmp)
    {
        if (!IpPacket.TryParse(buffer.Data, out IpPacket packet) || !packet.DontFragment)
        {
            return false;
        }

        // Counted before the ICMP goes out, so whoever sees the ICMP also sees the drop.
        Drop(DropReason.TooBig);

        // Leave room in front for the TUN's virtio header.
        int length = IcmpErrors.WriteTooBig(buffer.Data, mtu, icmp.AsSpan(IcmpHeadroom));
        if (length > 0)
        {
            Interlocked.Increment(ref _packetsToTun);
            _tun.Write(icmp, IcmpHeadroom, length);
        }

        return true;
    }

    private static int NetworkHeaderLength(ReadOnlySpan<byte> packet) =>
        packet[0] >> 4 == 4 ? (packet[0] & 0x0F) * 4 : IpPacket.IPv6HeaderLength;
}
