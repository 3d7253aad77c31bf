using System.Buffers.Binary;
using System.Text;
using Kyoten.Agent.DataPath.Interop;

namespace Kyoten.Agent.DataPath.Tun;

/// <summary>
/// A Linux TUN device (/dev/net/tun, IFF_TUN|IFF_NO_PI). In offload mode (IFF_VNET_HDR and
/// TUNSETOFFLOAD TSO/USO/CSUM) every read starts with a <see cref="VirtioNetHeader"/> and may
/// carry a super-packet that <see cref="GsoSegmenter"/> splits; writes then carry an all-zero
/// header (a plain packet with a complete checksum).
/// </summary>
internal sealed unsafe class TunDevice : ITunDevice
{
    private const int MaxSuperPacket = 65535 + VirtioNetHeader.Size;

    private readonly int _fd;
    private readonly StopSignal _stop = new();
    private readonly byte[]? _scratch;
    private VirtioNetHeader _pending;
    private int _pendingLength;
    private int _pendingNext;
    private int _pendingCount;
    private long _malformed;
    private int _disposed;

    private TunDevice(int fd, string name, bool offloads)
    {
        _fd = fd;
        Name = name;
        Offloads = offloads;
        _scratch = offloads ? GC.AllocateUninitializedArray<byte>(MaxSuperPacket, pinned: true) : null;
    }

    public string Name { get; }

    /// <summary>True when the kernel accepted IFF_VNET_HDR and TSO.</summary>
    public bool Offloads { get; }

    /// <summary>Super-packets that could not be segmented and were dropped.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    public static TunDevice Open(TunOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Name);
        if (Encoding.ASCII.GetByteCount(options.Name) >= LinuxConstants.IFNAMSIZ)
        {
            throw new ArgumentException("interface name too long", nameof(options));
        }

        int fd = LibC.open("/dev/net/tun", LinuxConstants.O_RDWR | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC);
        if (fd < 0)
        {
            throw LibC.Error("open /dev/net/tun");
        }

        try
        {
            bool offloads = options.Offloads && TrySetInterface(fd, options.Name, vnet: true) && TryEnableOffloads(fd);
            if (!offloads)
            {
                // TUNSETIFF cannot be repeated on one descriptor: start over without offloads.
                _ = LibC.close(fd);
                fd = LibC.open("/dev/net/tun", LinuxConstants.O_RDWR | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC);
                if (fd < 0 || !TrySetInterface(fd, options.Name, vnet: false))
                {
                    throw LibC.Error("TUNSETIFF");
                }
            }

            InterfaceControl.SetMtuAndUp(options.Name, options.Mtu);
            return new TunDevice(fd, options.Name, offloads);
        }
        catch
        {
            _ = LibC.close(fd);
            throw;
        }
    }

    public bool ReadBatch(PacketBatch batch, int headroom)
    {
        batch.Clear();
        while (true)
        {
            bool more = _scratch is null ? ReadPlain(batch, headroom) : ReadWithHeader(batch, headroom);
            if (batch.Count > 0 && (!more || batch.IsFull))
            {
                return true;
            }

            if (!more && !_stop.WaitReadable(_fd))
            {
                return false;
            }
        }
    }

    public void Write(Span<byte> buffer, int offset, int length)
    {
        int start = offset;
        if (_scratch is not null)
        {
            if (offset < VirtioNetHeader.Size)
            {
                throw new InvalidOperationException("bug: no headroom for the virtio header");
            }

            start -= VirtioNetHeader.Size;
            buffer.Slice(start, VirtioNetHeader.Size).Clear();
        }

        fixed (byte* p = buffer)
        {
            // A full tx queue or a down link drops the packet, as a NIC would; nothing to retry.
            _ = LibC.write(_fd, p + start, offset + length - start);
        }
    }

    public void WriteBatch(TunWriteBatch batch)
    {
        if (_scratch is null)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                Write(batch.Memory(i), batch.Offset(i), batch.Length(i));
            }

            return;
        }

        IoVec* iov = stackalloc IoVec[TcpCoalescer.MaxSegments];
        int next = 0;
        while (next < batch.Count)
        {
            int first = next;
            next = TcpCoalescer.GroupEnd(batch, first, out int segmentSize);
            if (next - first == 1)
            {
                Write(batch.Memory(first), batch.Offset(first), batch.Length(first));
                continue;
            }

            VirtioNetHeader header = TcpCoalescer.PrepareHead(batch, first, next, segmentSize);
            byte[] head = batch.Memory(first);
            int start = batch.Offset(first) - VirtioNetHeader.Size;
            header.Write(head.AsSpan(start, VirtioNetHeader.Size));
            iov[0] = new IoVec { Base = PinnedAddress(head) + start, Length = (nuint)(VirtioNetHeader.Size + batch.Length(first)) };
            for (int i = first + 1; i < next; i++)
            {
                // Later segments contribute their payload only: the head carries the headers.
                iov[i - first] = new IoVec
                {
                    Base = PinnedAddress(batch.Memory(i)) + batch.Offset(i) + header.HeaderLength,
                    Length = (nuint)(batch.Length(i) - header.HeaderLength),
                };
            }

            _ = LibC.writev(_fd, iov, next - first);
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
        }
    }

    /// <summary>Reads packets until the device is empty (false) or the batch is full (true).</summary>
    private bool ReadPlain(PacketBatch batch, int headroom)
    {
        while (!batch.IsFull)
        {
            PacketBuffer buffer = batch[batch.Count];
            nint n = LibC.read(_fd, buffer.Pointer + headroom, buffer.Capacity - headroom);
            if (n <= 0)
            {
                return ThrowUnlessWouldBlock(n);
            }

            buffer.Set(headroom, (int)n);
            batch.Count++;
        }

        return true;
    }

    private bool ReadWithHeader(PacketBatch batch, int headroom)
    {
        byte[] scratch = _scratch!;
        while (!batch.IsFull)
        {
            if (_pendingNext < _pendingCount)
            {
                _pendingNext = GsoSegmenter.Segment(
                    _pending, scratch.AsSpan(VirtioNetHeader.Size, _pendingLength), _pendingNext, batch, headroom, out _);
                continue;
            }

            nint n;
            fixed (byte* p = scratch)
            {
                n = LibC.read(_fd, p, scratch.Length);
            }

            if (n <= 0)
            {
                return ThrowUnlessWouldBlock(n);
            }

            if (!VirtioNetHeader.TryRead(scratch.AsSpan(0, (int)n), out VirtioNetHeader header))
            {
                Interlocked.Increment(ref _malformed);
                continue;
            }

            Span<byte> packet = scratch.AsSpan(VirtioNetHeader.Size, (int)n - VirtioNetHeader.Size);
            if (header.GsoType == VirtioNetHeader.GsoNone)
            {
                AddPlain(batch, headroom, header, packet);
                continue;
            }

            _pending = header;
            _pendingLength = packet.Length;
            _pendingNext = GsoSegmenter.Segment(header, packet, 0, batch, headroom, out _pendingCount);
            if (_pendingNext < 0)
            {
                Interlocked.Increment(ref _malformed);
                _pendingNext = _pendingCount = 0;
            }
        }

        return true;
    }

    private void AddPlain(PacketBatch batch, int headroom, VirtioNetHeader header, Span<byte> packet)
    {
        PacketBuffer buffer = batch[batch.Count];
        if (packet.Length > buffer.Capacity - headroom)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        Span<byte> target = buffer.Memory.AsSpan(headroom, packet.Length);
        packet.CopyTo(target);
        if ((header.Flags & VirtioNetHeader.FlagNeedsChecksum) != 0 && !GsoSegmenter.CompleteChecksum(header, target))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        buffer.Set(headroom, packet.Length);
        batch.Count++;
    }

    private static byte* PinnedAddress(byte[] pinned) =>
        (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(pinned));

    private static bool ThrowUnlessWouldBlock(nint result)
    {
        int errno = LibC.LastError;
        if (result < 0 && errno != Errno.EAGAIN && errno != Errno.EINTR && errno != Errno.EBADF)
        {
            throw LibC.Error("read tun");
        }

        return false;
    }

    private static bool TrySetInterface(int fd, string name, bool vnet)
    {
        byte* ifr = stackalloc byte[LinuxConstants.IfReqSize];
        new Span<byte>(ifr, LinuxConstants.IfReqSize).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(ifr, LinuxConstants.IFNAMSIZ - 1));
        short flags = (short)(LinuxConstants.IFF_TUN | LinuxConstants.IFF_NO_PI | (vnet ? LinuxConstants.IFF_VNET_HDR : 0));
        BinaryPrimitives.WriteInt16LittleEndian(new Span<byte>(ifr + LinuxConstants.IFNAMSIZ, 2), flags);
        return LibC.ioctl(fd, LinuxConstants.TUNSETIFF, ifr) == 0;
    }

    private static bool TryEnableOffloads(int fd)
    {
        int headerSize = VirtioNetHeader.Size;
        if (LibC.ioctl(fd, LinuxConstants.TUNSETVNETHDRSZ, &headerSize) != 0)
        {
            return false;
        }

        // USO needs Linux 6.2; TSO alone is still worth it.
        nuint withUso = LinuxConstants.TUN_F_CSUM | LinuxConstants.TUN_F_TSO4 | LinuxConstants.TUN_F_TSO6
            | LinuxConstants.TUN_F_USO4 | LinuxConstants.TUN_F_USO6;
        nuint tsoOnly = LinuxConstants.TUN_F_CSUM | LinuxConstants.TUN_F_TSO4 | LinuxConstants.TUN_F_TSO6;
        return LibC.ioctl(fd, LinuxConstants.TUNSETOFFLOAD, (void*)withUso) == 0
            || LibC.ioctl(fd, LinuxConstants.TUNSETOFFLOAD, (void*)tsoOnly) == 0;
    }
}
