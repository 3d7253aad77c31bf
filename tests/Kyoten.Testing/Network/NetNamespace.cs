using System.Diagnostics;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.Network;

/// <summary>One network namespace of a <see cref="NetworkLab"/>: run commands and processes inside it.</summary>
public sealed class NetNamespace
{
    private readonly List<Process> _processes = [];

    internal NetNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Runs a command inside the namespace and throws if it fails.</summary>
    public async Task<ProcessRunner.Result> ExecAsync(params string[] command) =>
        (await TryExecAsync(command).ConfigureAwait(false)).EnsureSuccess($"[{Name}] {string.Join(' ', command)}");

    public Task<ProcessRunner.Result> TryExecAsync(params string[] command) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", Name, .. command], TimeSpan.FromMinutes(5));

    /// <summary>Starts a long-running process inside the namespace; killed when the lab is disposed.</summary>
    public Process Start(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["netns", "exec", Name, program, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program} in {Name}");
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public Task AddAddressAsync(string device, string cidr) =>
        ExecAsync("ip", "addr", "add", TestAddresses.EnsureAllowed(cidr), "dev", device);

    public Task AddRouteAsync(string destinationCidr, string? via = null, string? device = null)
    {
        List<string> command = ["ip", "route", "add", TestAddresses.EnsureAllowed(destinationCidr)];
        if (via is not null)
        {
            command.AddRange(["via", TestAddresses.EnsureAllowed(via)]);
        }

        if (device is not null)
        {
            command.AddRange(["dev", device]);
        }

        return ExecAsync([.. command]);
    }

    internal void KillProcesses()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(5000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                process.Dispose();
            }

            _processes.Clear();
        }
    }
}
