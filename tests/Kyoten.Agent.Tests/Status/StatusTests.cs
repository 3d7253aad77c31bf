using System.Net.Sockets;
using Kyoten.Agent.Cli;
using Kyoten.Agent.Control;
using Kyoten.Agent.Status;
using Kyoten.Agent.Tests.Support;
using Kyoten.Contracts.Agent.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Status;

public sealed class StatusTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly TempState _state = new();
    private readonly FakeTimeProvider _time = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _state.Dispose();

    internal static TelemetryReport SampleReport()
    {
        var now = Now.ToUnixTimeSeconds();
        return new TelemetryReport
        {
            UnixMillis = Now.ToUnixTimeMilliseconds(),
            Tunnels =
            {
                new TunnelStatus
                {
                    Tunnel = "tokyo--osaka", PeerAddress = "198.51.100.20", IkeState = "ESTABLISHED",
                    IkeAlgorithms = "aes256gcm16-prfsha384-x25519", IkeSpiI = 0x1122334455667788, IkeSpiR = 0x99aabbccddeeff00,
                    EstablishedUnix = now - 120, NextRekeyUnix = now + 3480, ExpiresUnix = now + 4020, IkeRekeys = 2,
                    ChildSas =
                    {
                        new ChildSaStatus
                        {
                            SpiIn = 0xc1a2b3c4, SpiOut = 0xc5d6e7f8, Algorithms = "aes256gcm16", Protocol = "ESP", Mode = "TUNNEL",
                            LocalTs = { "198.18.1.0/24" }, RemoteTs = { "198.18.2.0/24" },
                            EstablishedUnix = now - 60, NextRekeyUnix = now + 3000, ExpiresUnix = now + 3540,
                            BytesIn = 123456, BytesOut = 654321, PacketsIn = 1000, PacketsOut = 2000,
                            Drops = new DropCounters { UnknownSpi = 1, Replayed = 2, AuthFailed = 3, Malformed = 4, PolicyMismatch = 5 },
                        },
                    },
                },
                new TunnelStatus { Tunnel = "tokyo--partner-gw", PeerAddress = "192.0.2.50", IkeState = LoggingConfigApplier.NotRunningState },
            },
        };
    }

    private async Task<StatusServer> StartServerAsync(TelemetryReport report)
    {
        var server = new StatusServer(_state.Paths, new FixedSource(report), _time, NullLogger<StatusServer>.Instance);
        await server.StartAsync(Ct);
        await server.Listening.WaitAsync(Ct);
        return server;
    }

    [Fact]
    public async Task Status_PrintsTheSaTableFromTheRunningDaemon()
    {
        using var server = await StartServerAsync(SampleReport());
        using var cli = new CliRun(_time);

        var code = await cli.RunAsync("status", "--state", _state.Root);
        await server.StopAsync(Ct);

        Assert.Equal(ExitCodes.Ok, code);
        var lines = cli.Out.ToString().Split('\n');
        Assert.StartsWith("TUNNEL", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^tokyo--osaka\s+ESTABLISHED\s+198\.51\.100\.20\s+2m00s\s+58m00s\s+1h07m\s+123456\s+654321\s+1000\s+2000\s+15$", lines[1]);
        Assert.Matches(@"^tokyo--partner-gw\s+CONFIGURED/NOT RUNNING\s+192\.0\.2\.50\s+-\s+-\s+-\s+0\s+0\s+0\s+0\s+0$", lines[2]);
        var text = cli.Out.ToString();
        Assert.Contains("IKE SA 1122334455667788_i 99aabbccddeeff00_r, aes256gcm16-prfsha384-x25519", text, StringComparison.Ordinal);
        Assert.Contains("CHILD SA ESP TUNNEL, SPIs c1a2b3c4_i c5d6e7f8_o, aes256gcm16", text, StringComparison.Ordinal);
        Assert.Contains("drops: unknown SPI 1, replayed 2, auth failed 3, malformed 4, policy mismatch 5", text, StringComparison.Ordinal);
        Assert.Contains("198.18.1.0/24 === 198.18.2.0/24", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusJson_PrintsTheReportAsProtobufJson()
    {
        var report = SampleReport();
        using var server = await StartServerAsync(report);
        using var cli = new CliRun(_time);

        var code = await cli.RunAsync("status", "--state", _state.Root, "--json");
        await server.StopAsync(Ct);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(report, StatusProtocol.Parser.Parse<TelemetryReport>(cli.Out.ToString()));
    }

    [Fact]
    public async Task Socket_IsOwnerOnly_AndRemovedWhenTheDaemonStops()
    {
        using var server = await StartServerAsync(SampleReport());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.Paths.StatusSocket) & (UnixFileMode)0x1ff);

        await server.StopAsync(Ct);

        Assert.False(File.Exists(_state.Paths.StatusSocket));
    }

    [Fact]
    public async Task Status_WithNoDaemon_SaysSoAndExitsWithThree()
    {
        using var cli = new CliRun(_time);

        var code = await cli.RunAsync("status", "--state", _state.Root);

        Assert.Equal(ExitCodes.NotRunning, code);
        Assert.Contains("not running", cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithAStaleSocketFile_ExitsWithThree()
    {
        _state.Paths.EnsureRoot();
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(_state.Paths.StatusSocket)); // bound, never listening, then closed
        }

        using var cli = new CliRun(_time);

        Assert.Equal(ExitCodes.NotRunning, await cli.RunAsync("status", "--state", _state.Root));
    }

    [Fact]
    public async Task SecondDaemonOnTheSameState_Refuses()
    {
        using var first = await StartServerAsync(SampleReport());
        using var second = new StatusServer(_state.Paths, new FixedSource(SampleReport()), _time, NullLogger<StatusServer>.Instance);

        await second.StartAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => second.ExecuteTask!);
        await first.StopAsync(Ct);
    }

    [Fact]
    public void Table_WithNoTunnels_SaysSo() =>
        Assert.Equal("no tunnels configured\n", StatusTableFormatter.Format(new TelemetryReport(), Now));

    private sealed class FixedSource(TelemetryReport report) : ITelemetrySource
    {
        public TelemetryReport Snapshot() => report.Clone();
    }
}
