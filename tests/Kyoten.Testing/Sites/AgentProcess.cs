using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Testing.Network;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.Sites;

/// <summary>One <c>kyoten-agent</c> process in a namespace, with its state folder and captured log.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly StringBuilder _log = new();
    private Process? _process;

    public AgentProcess(NetNamespace ns, string stateDirectory)
    {
        Namespace = ns;
        State = stateDirectory;
        Directory.CreateDirectory(State);
    }

    public NetNamespace Namespace { get; }

    public string State { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>Starts <c>kyoten-agent run</c> with these extra arguments (e.g. <c>--config FILE</c>).</summary>
    public void Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["netns", "exec", Namespace.Name, RepositoryPaths.Dotnet, RepositoryPaths.AgentDll, "run", "--state", State, .. arguments])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Append($"--- started pid {process.Id} ---");
    }

    /// <summary>SIGKILL: no IKE Delete, no cleanup (`ip netns exec` execs, so the pid is the agent's).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
            Append("--- killed (SIGKILL) ---");
        }
    }

    /// <summary>
    /// SIGTERM, as systemd stops the unit: the agent should send its IKE Deletes and exit.
    /// Returns the exit code, or null when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } p)
        {
            return _process?.ExitCode;
        }

        (await ProcessRunner.RunAsync("kill", "-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).EnsureSuccess("kill -TERM");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Append($"--- still running {timeout.TotalSeconds:0} s after SIGTERM ---");
            return null;
        }

        Append($"--- exited {p.ExitCode} after SIGTERM ---");
        return p.ExitCode;
    }

    /// <summary>Runs another agent command (enroll, status) in the namespace.</summary>
    public Task<ProcessRunner.Result> CommandAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", Namespace.Name, RepositoryPaths.Dotnet, RepositoryPaths.AgentDll, .. arguments], TimeSpan.FromMinutes(1));

    /// <summary><c>status --json</c>, or null when the daemon does not answer (yet).</summary>
    public async Task<TelemetryReport?> StatusAsync()
    {
        var result = await CommandAsync("status", "--state", State, "--json");
        return result.ExitCode == 0 ? Parser.Parse<TelemetryReport>(result.StandardOutput) : null;
    }

    /// <summary>Polls status until <paramref name="condition"/> holds; fails with the log after <paramref name="timeout"/>.</summary>
    public async Task<TelemetryReport> WaitForStatusAsync(Func<TelemetryReport, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        TelemetryReport? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync();
            if (last is not null && condition(last))
            {
                return last;
            }

            if (HasExited)
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"[{Namespace.Name}] {what}: not reached; last status {last}\n--- agent log ---\n{Tail(Log)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
                await p.WaitForExitAsync();
            }

            p.Dispose();
        }
    }

    public static string Tail(string text, int lines = 80) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
