using System.Buffers.Binary;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary>
/// recvmmsg(2)/sendmmsg(2) over a <see cref="MessageVector"/>, shared by the UDP and raw IP
/// sockets. Sends group runs of equal-size datagrams to one peer into a single UDP_SEGMENT
/// (GSO) message when <c>gso</c> is on: one pass through the stack for up to 64 datagrams.
/// </summary>
internal static unsafe class BatchSyscalls
{
    /// <summary>UDP_MAX_SEGMENTS of older kernels (newer allow 128).</summary>
    public const int MaxGsoSegments = 64;

    /// <summary>Keeps a GSO message below the 64 KB IP datagram limit with room for headers.</summary>
    public const int MaxGsoBytes = 65000;

    /// <summary>Receives what is ready into <paramref name="batch"/>; waits when nothing is. False once stopped.</summary>
    public static bool Receive(int fd, MessageVector vector, DatagramBatch batch, StopSignal stop)
    {
        int capacity = Math.Min(vector.Capacity, batch.MessageCapacity);
        while (true)
        {
            for (int i = 0; i < capacity; i++)
            {
                PacketBuffer buffer = batch.Messages[i];
                IoVec* iov = vector.Iov + i;
                iov->Base = buffer.Pointer + DatagramBatch.Headroom;
                iov->Length = (nuint)(buffer.Capacity - DatagramBatch.Headroom);
                MsgHdr* header = &vector.Headers[i].Header;
                header->Name = vector.Name(i);
                header->NameLength = NetEndpoint.SockAddrCapacity;
                header->Iov = iov;
                header->IovLength = 1;
                header->Control = vector.Control(i);
                header->ControlLength = MessageVector.ControlSize;
                header->Flags = 0;
            }

            int n = LibC.recvmmsg(fd, vector.Headers, (uint)capacity, LinuxConstants.MSG_DONTWAIT, null);
            if (n > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    MsgHdr* header = &vector.Headers[i].Header;
                    NetEndpoint.TryReadSockAddr(new ReadOnlySpan<byte>(header->Name, header->NameLength), out NetEndpoint peer);
                    batch.SetMessage(i, (int)vector.Headers[i].Length, peer, ReadGroSize(header));
                }

                batch.Complete(n);
                return true;
            }

            int errno = LibC.LastError;
            if (n == 0 || errno == Errno.EAGAIN)
            {
                if (stop.IsRaised || !stop.WaitReadable(fd))
                {
                    return false;
                }
            }
            else if (errno == Errno.EBADF || stop.IsRaised)
            {
                return false;
            }

            // Queued ICMP errors (ECONNREFUSED, EHOSTUNREACH…) surface here: they concern an
            // earlier send, not this receive, so go on reading.
        }
    }

    /// <summary>Sends all packets; returns how many datagrams the kernel refused.</summary>
    public static int Send(int fd, MessageVector vector, ReadOnlySpan<PacketBuffer> packets, bool gso)
    {
        int failed = 0;
        int next = 0;
        while (next < packets.Length)
        {
            int messages = 0;
            int iovUsed = 0;
            while (next < packets.Length && messages < vector.Capacity && iovUsed < vector.IovCapacity)
            {
                int run = gso ? RunLength(packets[next..], vector.IovCapacity - iovUsed) : 1;
                BuildMessage(vector, messages, iovUsed, packets.Slice(next, run));
                iovUsed += run;
                next += run;
                messages++;
            }

            failed += SendMessages(fd, vector, messages);
        }

        return failed;
    }

    /// <summary>How many packets from the start share one peer and size (the last may be shorter).</summary>
    public static int RunLength(ReadOnlySpan<PacketBuffer> packets, int limit)
    {
        int size = packets[0].Length;
        NetEndpoint peer = packets[0].Peer;
        int total = size;
        int run = 1;
        limit = Math.Min(limit, MaxGsoSegments);
        while (run < packets.Length && run < limit)
        {
            PacketBuffer next = packets[run];
            if (next.Peer != peer || next.Length > size || total + next.Length > MaxGsoBytes)
            {
                break;
            }

            total += next.Length;
            run++;
            if (next.Length < size)
            {
                break;
            }
        }

        return run;
    }

    private static void BuildMessage(MessageVector vector, int index, int firstIov, ReadOnlySpan<PacketBuffer> run)
    {
        IoVec* iov = vector.Iov + firstIov;
        for (int i = 0; i < run.Length; i++)
        {
            iov[i].Base = run[i].Pointer + run[i].Offset;
            iov[i].Length = (nuint)run[i].Length;
        }

        MsgHdr* header = &vector.Headers[index].Header;
        header->Name = vector.Name(index);
        header->NameLength = run[0].Peer.WriteSockAddr(new Span<byte>(header->Name, NetEndpoint.SockAddrCapacity));
        header->Iov = iov;
        header->IovLength = (nuint)run.Length;
        header->Flags = 0;
        if (run.Length == 1)
        {
            header->Control = null;
            header->ControlLength = 0;
            return;
        }

        byte* control = vector.Control(index);
        CMsgHdr* cmsg = (CMsgHdr*)control;
        cmsg->Length = (nuint)(CMsgHdr.DataOffset + sizeof(ushort));
        cmsg->Level = LinuxConstants.SOL_UDP;
        cmsg->Type = LinuxConstants.UDP_SEGMENT;
        *(ushort*)(control + CMsgHdr.DataOffset) = (ushort)run[0].Length;
        header->Control = control;
        header->ControlLength = (nuint)CMsgHdr.Space(sizeof(ushort));
    }

    private static int SendMessages(int fd, MessageVector vector, int count)
    {
        int failed = 0;
        int sent = 0;
        while (sent < count)
        {
            int n = LibC.sendmmsg(fd, vector.Headers + sent, (uint)(count - sent), 0);
            if (n > 0)
            {
                sent += n;
                continue;
            }

            if (n < 0 && LibC.LastError == Errno.EINTR)
            {
                continue;
            }

            // The first remaining message was refused. A GSO message is refused as a whole when its
            // segments exceed the path MTU (EINVAL): its datagrams may still go one by one, fragmented.
            // Otherwise (unreachable, ENOBUFS…) drop it, as a router would, and go on with the rest.
            failed += vector.Headers[sent].Header.IovLength > 1 ? SendOneByOne(fd, &vector.Headers[sent].Header) : (int)vector.Headers[sent].Header.IovLength;
            sent++;
        }

        return failed;
    }

    private static int SendOneByOne(int fd, MsgHdr* gso)
    {
        int failed = 0;
        for (nuint i = 0; i < gso->IovLength; i++)
        {
            if (LibC.sendto(fd, gso->Iov[i].Base, (nint)gso->Iov[i].Length, 0, gso->Name, gso->NameLength) < 0)
            {
                failed++;
            }
        }

        return failed;
    }

    private static int ReadGroSize(MsgHdr* header)
    {
        byte* control = header->Control;
        nuint offset = 0;
        while (offset + (nuint)CMsgHdr.DataOffset <= header->ControlLength)
        {
            CMsgHdr* cmsg = (CMsgHdr*)(control + offset);
            if (cmsg->Length < (nuint)CMsgHdr.DataOffset)
            {
                break;
            }

            if (cmsg->Level == LinuxConstants.SOL_UDP && cmsg->Type == LinuxConstants.UDP_GRO)
            {
                return BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(control + offset + CMsgHdr.DataOffset, 4));
            }

            offset += (cmsg->Length + 7) & ~(nuint)7;
        }

        return 0;
    }
}
