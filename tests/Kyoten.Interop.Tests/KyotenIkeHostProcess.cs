using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kyoten.Testing.Network;

namespace Kyoten.Interop.Tests;

/// <summary>
/// The test's handle on a <see cref="KyotenIkeHost"/> child process inside a namespace: sends
/// commands on its stdin and waits for the JSON lines it prints.
/// </summary>
internal sealed class KyotenIkeHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly List<HostLine> _lines = [];
    private readonly StringBuilder _transcript = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KyotenIkeHostProcess(Process process) => _process = process;

    public static async Task<KyotenIkeHostProcess> StartAsync(NetNamespace ns, IkeHostOptions options)
    {
        // The test assembly is the host program too (see Program.Main).
        var assembly = typeof(KyotenIkeHost).Assembly.Location;
        var process = ns.Start("dotnet", [assembly, KyotenIkeHost.Switch, JsonSerializer.Serialize(options, HostLine.Json)]);
        var host = new KyotenIkeHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data, stdout: false);
        process.Exited += (_, _) => host.Signal();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitForAsync(l => l.Kind == "ready", "the host to bind its sockets");
        return host;
    }

    public string Transcript
    {
        get
        {
            lock (_lines)
            {
                return _transcript.ToString();
            }
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the first line (from the start of the run) that matches; fails with the transcript after 30 s or when the host exits.</summary>
    public async Task<HostLine> WaitForAsync(Func<HostLine, bool> match, string what)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(WaitLimit);
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the Kyoten IKE host exited ({_process.ExitCode}) before {what}:\n{_transcript}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the Kyoten IKE host never reported {what}:\n{Transcript}");
            }
        }
    }

    public IReadOnlyList<HostLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync("quit");
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(limit.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- Kyoten IKE host ---\n{Transcript}--- end of Kyoten IKE host ---");
    }

    private void OnLine(string? text, bool stdout)
    {
        if (text is null)
        {
            // End of the stream: the host is exiting; wake waiters so they see it.
            Signal();
            return;
        }

        lock (_lines)
        {
            _transcript.AppendLine(text);
            if (stdout && HostLine.TryParse(text) is { } line)
            {
                _lines.Add(line);
            }
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lines)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
