using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// A network namespace owned by one test run (<c>kyt-&lt;pid&gt;-&lt;suffix&gt;</c>), deleted on
/// dispose; namespaces left by crashed runs (their pid is gone) are deleted on first use.
/// Small stand-in until the shared NetNamespace fixture in Kyoten.Testing lands.
/// </summary>
internal sealed partial class TestNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_staleCleaned;
    private static int s_counter;

    private TestNamespace(string name) => Name = name;

    public string Name { get; }

    public static TestNamespace Create(string suffix)
    {
        if (Interlocked.Exchange(ref s_staleCleaned, 1) == 0)
        {
            DeleteStale();
        }

        string name = $"kyt-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}{suffix}";
        Run("ip", $"netns add {name}");
        var ns = new TestNamespace(name);
        ns.Exec("ip link set lo up");
        return ns;
    }

    /// <summary>Runs a command inside the namespace and returns its stdout; throws on failure.</summary>
    public string Exec(string command) => Run("ip", $"netns exec {Name} {command}");

    /// <summary>Starts a long-running process inside the namespace.</summary>
    public Process Start(string command, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("ip", $"netns exec {Name} {command}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh thread that joined this namespace: sockets and
    /// TUN devices it opens belong to the namespace for their whole life.
    /// </summary>
    public T RunInside<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"inside {Name}: {failure.Message}", failure);
        }

        return result;
    }

    public void Dispose()
    {
        try
        {
            Run("ip", $"netns del {Name}");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public static string Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }

    private static void DeleteStale()
    {
        foreach (string line in Run("ip", "netns list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ')[0];
            string[] parts = name.Split('-');
            if (parts.Length >= 3 && parts[0] == "kyt" && int.TryParse(parts[1], out int pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    Run("ip", $"netns del {name}");
                }
                catch (InvalidOperationException)
                {
                    // Raced with another cleaner.
                }
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nsType);
}
