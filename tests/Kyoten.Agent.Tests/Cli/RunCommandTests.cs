using Kyoten.Agent.Cli;
using Kyoten.Agent.Control;
using Kyoten.Agent.Status;
using Kyoten.Agent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kyoten.Agent.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "Examples", "agent-standalone.json");
    private readonly TempState _state = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Standalone_RunsTheExampleWithoutController_AndStatusShowsItsTunnels()
    {
        using var cli = new CliRun();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = RunCommand.RunAsync(["--config", ExamplePath, "--state", _state.Root], cli.Context, stop.Token, started: started.SetResult);
        var host = await started.Task.WaitAsync(Ct);

        Assert.True((await host.Services.GetRequiredService<StandaloneConfigService>().Applied.WaitAsync(Ct)).Succeeded);
        await host.Services.GetRequiredService<StatusServer>().Listening.WaitAsync(Ct);
        using var status = new CliRun();
        Assert.Equal(ExitCodes.Ok, await status.RunAsync("status", "--state", _state.Root));
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Ok, await run);
        Assert.Matches(@"(?m)^tokyo--osaka\s+CONFIGURED/NOT RUNNING\s+198\.51\.100\.20", status.Out.ToString());
        Assert.Matches(@"(?m)^tokyo--partner-gw\s+CONFIGURED/NOT RUNNING\s+192\.0\.2\.50", status.Out.ToString());
        Assert.False(File.Exists(_state.Paths.ConfigCache)); // standalone never writes the controller cache
    }

    [Fact]
    public async Task Standalone_MalformedFile_ExitsWithAnErrorNamingTheField()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kyt-{Guid.NewGuid():N}.json");
        var json = (await File.ReadAllTextAsync(ExamplePath, Ct)).Replace("\"AUTH_METHOD_PSK\"", "\"AUTH_METHOD_PRESHARED\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, json, Ct);
        using var cli = new CliRun();

        try
        {
            var code = await cli.RunAsync("run", "--config", file, "--state", _state.Root);

            Assert.Equal(ExitCodes.InvalidConfig, code);
            Assert.Contains("tunnels[1].auth: \"AUTH_METHOD_PRESHARED\" is not a valid AuthMethod", cli.Error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Standalone_WellFormedButInvalid_ExitsNamingEveryBadField_AndNeverShowsThePsk()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kyt-{Guid.NewGuid():N}.json");
        var config = TestConfigs.Valid(1, tunnels: 2);
        config.Tunnels[1].RemoteTs[0] = "198.18.2.0/99";
        config.Tunnels[0].ChildProposals.Clear();
        await File.WriteAllTextAsync(file, Kyoten.Agent.Config.AgentConfigJson.Format(config), Ct);
        using var cli = new CliRun();

        try
        {
            Assert.Equal(ExitCodes.InvalidConfig, await cli.RunAsync("run", "--config", file, "--state", _state.Root));

            Assert.Contains("tunnels[1].remote_ts[0]", cli.Error.ToString(), StringComparison.Ordinal);
            Assert.Contains("tunnels[0].child_proposals", cli.Error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(TestConfigs.Psk, cli.Error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Run_WithoutEnrollmentOrConfig_ExplainsAndExits()
    {
        using var cli = new CliRun();

        Assert.Equal(ExitCodes.NotEnrolled, await cli.RunAsync("run", "--state", _state.Root));
        Assert.Contains("kyoten-agent enroll", cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "--bogus")]
    [InlineData("status", "--state")]
    [InlineData("enroll", "--controller", "http://plain.example/", "--token", "x")]
    public async Task UsageErrors_ExitWithTwo(params string[] args)
    {
        using var cli = new CliRun();

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync(args));
        Assert.Contains("usage:", cli.Error.ToString(), StringComparison.Ordinal);
    }
}
