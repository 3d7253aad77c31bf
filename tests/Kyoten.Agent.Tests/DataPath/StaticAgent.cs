using System.Diagnostics;
using System.Text.Json;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// A <c>kyoten-agent datapath-static</c> process inside a namespace. Stops when its stdin closes
/// and then prints a statistics line, which <see cref="StopAsync"/> returns.
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
        string agent = Path.Combine(AppContext.BaseDirectory, "kyoten-agent.dll");
        var process = ns.Start($"dotnet {agent} datapath-static --config {configPath} --stdin-stop", redirectInput: true);
        var result = new StaticAgent(process, configPath);
        string? line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null || !line.StartsWith("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"agent did not start: {line} {await result._stderr}");
        }

        return result;
    }

    /// <summary>Stops the agent and returns its engine statistics (the "stats" JSON line).</summary>
    public async Task<JsonElement> StopAsync(CancellationToken cancellationToken)
    {
        _process.StandardInput.Close();
        string rest = await _process.StandardOutput.ReadToEndAsync(cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        string? stats = rest.Split('\n').FirstOrDefault(l => l.StartsWith("stats ", StringComparison.Ordinal));
        if (stats is null || _process.ExitCode != 0)
        {
            throw new InvalidOperationException($"agent exited {_process.ExitCode}: {rest} {await _stderr}");
        }

        return JsonDocument.Parse(stats["stats ".Length..]).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_configPath);
    }
}
