using System.Net;
using Kyoten.Agent.Ike;
using Kyoten.Agent.Runtime;
using Kyoten.Agent.Status;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike;
using Kyoten.Ike.Config;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Status;

/// <summary>
/// The engine's counters reach the telemetry report and the status line: an engine whose peer never
/// answers retransmits and gives up, and a three-octet datagram is dropped as malformed.
/// </summary>
public sealed class IkeStatisticsTelemetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("198.51.100.1"), 500);

    [Fact]
    public void SilentPeerAndGarbage_AreCountedInTheReportAndStatusLine()
    {
        var time = new FakeTimeProvider(Now);
        var engine = new IkeEngine(new IkeEngineOptions { RetransmitTries = 3, ReconnectDelay = TimeSpan.Zero }, time);
        engine.AddPeer(new PeerConfig
        {
            Name = "to-b",
            LocalEndPoint = Local,
            RemoteEndPoint = Remote,
            LocalId = IkeIdentity.Fqdn("a.example"),
            RemoteId = IkeIdentity.Fqdn("b.example"),
            PreSharedKey = "a shared secret of some length"u8.ToArray(),
        });
        engine.Initiate("to-b");
        engine.OnDatagram(Local, Remote, [1, 2, 3]);
        for (var i = 0; i < 120; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            engine.Tick();
            engine.DrainActions();
        }

        // As the daemon does on its loop thread after each step.
        var snapshot = new DaemonSnapshot(engine.GetStatus(), [], engine.GetStatistics());
        TelemetryReport report = TelemetryBuilder.Build(Now, [("site-a--site-b", "to-b", Remote.Address.ToString())], snapshot, []);

        Assert.NotNull(report.Ike);
        Assert.Equal(1, report.Ike.RequestsSent);
        Assert.Equal(3, report.Ike.Retransmissions);
        Assert.Equal(1, report.Ike.ExchangesGivenUp);
        Assert.Equal(1, report.Ike.Malformed);
        Assert.Equal(0, report.Ike.ResponsesReceived);
        string status = StatusTableFormatter.Format(report, Now);
        Assert.Contains("IKE: requests 1 sent/0 received, responses 0 received/0 resent, retransmissions 3, exchanges given up 1, drops malformed 1\n", status, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthyEngine_PrintsDropsNone_AndNoLineWithoutStatistics()
    {
        var ike = new IkeStatistics { RequestsSent = 4, RequestsReceived = 2, ResponsesReceived = 4 };
        Assert.Equal(
            "\nIKE: requests 4 sent/2 received, responses 4 received/0 resent, retransmissions 0, exchanges given up 0, drops none\n",
            StatusTableFormatter.IkeLine(ike));
        Assert.Equal(
            "\nIKE: requests 0 sent/0 received, responses 0 received/0 resent, retransmissions 0, exchanges given up 0, drops unknown SPI 2, no peer config 5\n",
            StatusTableFormatter.IkeLine(new IkeStatistics { UnknownSpi = 2, NoPeerConfig = 5 }));
        Assert.Equal("", StatusTableFormatter.IkeLine(null));
        Assert.Null(TelemetryBuilder.Build(Now, [], DaemonSnapshot.Empty, []).Ike);
    }
}
