namespace Kyoten.Agent.DataPath.Interop;

/// <summary>
/// An eventfd that, once raised, makes every <see cref="WaitReadable"/> return false. Closing a
/// descriptor does not wake a thread blocked in read(2) on Linux, so blocking I/O threads wait
/// in poll(2) on their descriptor and on this signal together.
/// </summary>
internal sealed unsafe class StopSignal : IDisposable
{
    private readonly int _eventFd;
    private int _disposed;

    public StopSignal()
    {
        _eventFd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (_eventFd < 0)
        {
            throw LibC.Error("eventfd");
        }
    }

    public bool IsRaised { get; private set; }

    public void Raise()
    {
        IsRaised = true;
        ulong one = 1;
        _ = LibC.write(_eventFd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Blocks until <paramref name="fd"/> is readable (true) or the signal is raised (false).</summary>
    public bool WaitReadable(int fd)
    {
        PollFd* fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = fd, Events = LinuxConstants.POLLIN };
        fds[1] = new PollFd { Fd = _eventFd, Events = LinuxConstants.POLLIN };
        while (!IsRaised)
        {
            int n = LibC.poll(fds, 2, -1);
            if (n < 0)
            {
                if (LibC.LastError == Errno.EINTR)
                {
                    continue;
                }

                throw LibC.Error("poll");
            }

            if (fds[1].ReturnedEvents != 0)
            {
                return false;
            }

            if (fds[0].ReturnedEvents != 0)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Raise();
            _ = LibC.close(_eventFd);
        }
    }
}
