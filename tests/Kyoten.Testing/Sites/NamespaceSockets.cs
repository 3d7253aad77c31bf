using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Kyoten.Testing.Sites;

/// <summary>
/// Creates sockets inside a network namespace from the test process: a short-lived thread joins
/// the namespace with setns(2), makes the socket and ends. A socket stays in the namespace it
/// was created in, so the test can use it from any thread afterwards.
/// </summary>
public static partial class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Create(string netns, Func<Socket> factory)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{netns}");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns({netns}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = factory();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        return error is null ? socket! : throw new InvalidOperationException($"socket in {netns}", error);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
