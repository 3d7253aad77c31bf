using System.Runtime.InteropServices;

namespace Kyoten.Agent.DataPath.Interop;

/// <summary><c>struct pollfd</c> (poll.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
