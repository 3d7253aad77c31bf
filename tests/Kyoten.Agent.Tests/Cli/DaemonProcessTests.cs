using System.Diagnostics;
using Kyoten.Agent.Cli;
using Kyoten.Agent.Tests.Support;
using Kyoten.Testing.Processes;

namespace Kyoten.Agent.Tests.Cli;

/// <summary>The real binary, as systemd runs it: starts, serves status, and stops cleanly on SIGTERM.</summary>
public sealed class DaemonProcessTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    // The agent's own output folder: its runtimeconfig and deps are the ones a deployment has
    // (the copy beside the tests resolves assemblies through the test project's frameworks).
    private static string AgentBinary()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = tfm.Parent!.Name;
        var repo = tfm.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repo, "src", "Kyoten.Agent", "bin", configuration, tfm.Name, "kyoten-agent");
    }

    [Fact]
    public async Task Sigterm_StopsTheDaemonCleanly_AndRemovesTheSocket()
    {
        var ct = TestContext.Current.CancellationToken;
        var info = new ProcessStartInfo(AgentBinary())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "run", "--config", Path.Combine(AppContext.BaseDirectory, "Examples", "agent-standalone.json"), "--state", _state.Root },
        };
        using var process = Process.Start(info)!;
        try
        {
            // Event-driven: the daemon logs when the socket listens.
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(ct)) is not null && !line.Contains("Status socket listening", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            using var cli = new CliRun();
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("status", "--state", _state.Root, "--json"));
            Assert.Contains("tokyo--partner-gw", cli.Out.ToString(), StringComparison.Ordinal);

            (await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: ct)).EnsureSuccess("kill -TERM");
            await process.WaitForExitAsync(ct);

            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(_state.Paths.StatusSocket));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
