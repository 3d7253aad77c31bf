using Kyoten.Agent.Cli;
using Kyoten.Agent.Tests.Support;

namespace Kyoten.Agent.Tests.Control;

public sealed class SecretsNeverLoggedTests
{
    [Fact]
    public async Task EnrollThenRun_NeitherTheTokenNorAPskEverReachesTheLog()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pki = new TestPki();
        await using var controller = await FakeController.StartAsync(pki);
        using var state = new TempState();
        var token = controller.IssueToken("tokyo");
        using var cli = new CliRun();
        Assert.Equal(ExitCodes.Ok, await cli.RunAsync("enroll", "--controller", controller.Address.ToString(), "--token", token, "--state", state.Root));
        Assert.Equal(ExitCodes.TokenRefused, await cli.RunAsync("enroll", "--controller", controller.Address.ToString(), "--token", token, "--state", state.Root, "--force"));

        await using var agent = new LinkHarness(controller.Address, pki, state: state);
        agent.Start();
        var stream = await controller.NextConnectionAsync(ct);
        stream.Push(TestConfigs.Valid(1, tunnels: 2));
        Assert.True((await stream.Acks.Reader.ReadAsync(ct)).Success);
        var refused = TestConfigs.Valid(2, tunnels: 2);
        refused.Tunnels[1].Auth = Contracts.Agent.V1.AuthMethod.Certificate; // PSK on a certificate tunnel: an error about the PSK field
        stream.Push(refused);
        var ack = await stream.Acks.Reader.ReadAsync(ct);
        Assert.False(ack.Success);
        agent.Time.Advance(TimeSpan.FromSeconds(10));
        await stream.Telemetry.Reader.ReadAsync(ct);

        var logs = cli.Logs.AllText + "\n" + agent.Logs.AllText;
        Assert.Contains("[3002]", logs, StringComparison.Ordinal); // enrolled
        Assert.Contains("[3022]", logs, StringComparison.Ordinal); // config refused, with its errors
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfigs.Psk, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfigs.Psk, string.Join("\n", ack.Errors), StringComparison.Ordinal);
    }
}
