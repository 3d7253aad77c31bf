using System.Diagnostics;
using System.Text.Json;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// A <c>kyoten-agent datapath-static</c> process inside a namespace; answers <c>stats</c> on stdin
/// and stops when its stdin closes.
/// </summary>
internal sealed class StaticAgent : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _configPath;
    private readonly Task<string> _stderr;

    private StaticAgent(Process process, string configPath)
    {
        _process = process;
        _configPath = configPath;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static async Task<StaticAgent> StartAsync(TestNamespace ns, string configJson, CancellationToken cancellationToken)
    {
        string configPath = Path.Combine(Path.GetTempPath(), $"{ns.Name}-datapath.json");
        await File.WriteAllTextAsync(configPath, configJson, cancellationToken);
        string agent = AgentAssembly();
        var process = ns.Start($"dotnet {agent} datapath-static --config {configPath} --stdin-stop", redirectInput: true);
        var result = new StaticAgent(process, configPath);
        string? line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null || !line.StartsWith("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"agent did not start: {line} {await result._stderr}");
        }

        return result;
    }

    /// <summary>Asks the running agent for its statistics (the "stats" JSON line).</summary>
    public async Task<JsonElement> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync("stats".AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is string line)
        {
            if (line.StartsWith("stats ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["stats ".Length..]).RootElement;
            }
        }

        throw new InvalidOperationException($"agent exited: {await _stderr}");
    }

    /// <summary>
    /// The agent's own build output (built as a dependency of this project): its deps.json and
    /// runtimeconfig describe exactly its dependencies, which the test folder's copy does not
    /// (the test project pulls in ASP.NET Core, so some assemblies are not copied there).
    /// </summary>
    private static string AgentAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testBin.Name;
        string configuration = testBin.Parent!.Name;
        for (DirectoryInfo? dir = testBin; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "Kyoten.Agent", "bin", configuration, framework, "kyoten-agent.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"kyoten-agent.dll not found above {testBin.FullName}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Graceful first (closes the TUN, frees the port), then by force.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        File.Delete(_configPath);
    }
}
