using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Agents;
using Kyoten.Controller.Data;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Body = Kyoten.Contracts.Agent.V1.ControllerMessage.BodyOneofCase;

namespace Kyoten.Controller.Tests.Agents;

/// <summary>The Connect stream over real mTLS: snapshot, push, ack, telemetry, revocation, replicas.</summary>
public sealed class StreamTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connect_SnapshotThenPushOnChange_AckStored_ReconnectGetsCurrentRevision()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await Fleet.AddSiteAsync(api, "osaka", "198.51.100.1", "198.18.2.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);

        await agent.ConnectAsync(0, Ct);
        var snapshot = (await agent.NextAsync(Body.Config, Ct)).Config;
        Assert.Equal("tokyo", snapshot.SiteName);
        Assert.Equal("tokyo--osaka", Assert.Single(snapshot.Tunnels).Name);
        await agent.SendAsync(new AgentMessage { Ack = new ConfigAck { Revision = snapshot.Revision, Success = true } }, Ct);

        // A change elsewhere in the fleet that touches this agent is pushed without asking.
        await Fleet.AddSiteAsync(api, "nagoya", "203.0.113.1", "198.18.3.0/24");
        var pushed = (await agent.NextAsync(Body.Config, Ct)).Config;
        Assert.True(pushed.Revision > snapshot.Revision);
        Assert.Equal(["tokyo--nagoya", "tokyo--osaka"], pushed.Tunnels.Select(t => t.Name).Order(StringComparer.Ordinal));
        await agent.SendAsync(new AgentMessage { Ack = new ConfigAck { Revision = pushed.Revision, Success = false, Errors = { "tun device busy" } } }, Ct);
        var stored = await WaitForAgentAsync(controller, a => a.LastError != null);
        Assert.Equal((long)snapshot.Revision, stored.AppliedRevision);
        Assert.Equal("tun device busy", stored.LastError);
        Assert.Equal((long)pushed.Revision, stored.DesiredRevision);

        // Reconnecting at the old revision gets the current one at once.
        await agent.Stream!.RequestStream.CompleteAsync();
        agent.Stream.Dispose();
        await agent.ConnectAsync(snapshot.Revision, Ct);
        Assert.Equal(pushed.Revision, (await agent.NextAsync(Body.Config, Ct)).Config.Revision);
    }

    [Fact]
    public async Task Acks_InOneWriteBatch_KeepTheAppliedRevisionOfASuccessFollowedByARefusal()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);
        var row = await WaitForAgentAsync(controller, _ => true);

        // The ingest writer batches a fleet's acks; one agent's success and later refusal can share a batch.
        var at = DateTimeOffset.UtcNow;
        var events = new List<Data.Telemetry.FleetEvent>();
        await using (var scope = controller.Services.CreateAsyncScope())
        {
            await Kyoten.Controller.Telemetry.AgentRowUpdates.StoreAcksAsync(
                scope.ServiceProvider.GetRequiredService<KyotenDbContext>(),
                [
                    new(row.Id, tokyo.Site.Id, at, new ConfigAck { Revision = 7, Success = true }),
                    new(row.Id, tokyo.Site.Id, at, new ConfigAck { Revision = 8, Success = false, Errors = { "tun device busy" } }),
                ],
                events,
                Ct);
        }

        var stored = await WaitForAgentAsync(controller, a => a.LastError != null);
        Assert.Equal(7, stored.AppliedRevision);
        Assert.Equal("tun device busy", stored.LastError);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task Connect_TelemetryAndEvents_LandInPostgres()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);
        await agent.ConnectAsync(0, Ct);

        var report = new TelemetryReport
        {
            UnixMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Tunnels =
            {
                new TunnelStatus
                {
                    Tunnel = "tokyo--osaka", IkeState = "ESTABLISHED", IkeAlgorithms = "aes256gcm16-prfsha256-x25519", IkeSpiI = 0xfedcba9876543210,
                    Drops = new DropCounters { UnknownSpi = 5 },
                    ChildSas = { new ChildSaStatus { SpiIn = 0xc0000001, SpiOut = 0x00000002, BytesIn = 1234, PacketsOut = 7, Drops = new DropCounters { Replayed = 3 } } },
                },
            },
        };
        await agent.SendAsync(new AgentMessage { Telemetry = report }, Ct);
        await agent.SendAsync(new AgentMessage { Event = new TunnelEvent { Tunnel = "tokyo--osaka", Kind = TunnelEventKind.Rekeyed, Detail = "CHILD SA rekeyed" } }, Ct);

        var child = await WaitForAsync(controller, db => db.ChildSaSamples.SingleOrDefaultAsync(Ct));
        Assert.Equal(1234, child.BytesIn);
        Assert.Equal(7, child.PacketsOut);
        Assert.Equal(3, child.DropsReplayed);
        Assert.Equal(unchecked((long)0xc0000001), child.SpiIn);
        var tunnel = await WaitForAsync(controller, db => db.TunnelSamples.SingleOrDefaultAsync(Ct));
        Assert.Equal("ESTABLISHED", tunnel.IkeState);
        Assert.Equal(unchecked((long)0xfedcba9876543210), tunnel.IkeSpiI);
        Assert.Equal(5, tunnel.DropsUnknownSpi);
        var rekeyed = await WaitForAsync(controller, db => db.Events.SingleOrDefaultAsync(e => e.Kind == Data.Telemetry.FleetEventKind.Rekeyed, Ct));
        Assert.Equal("tokyo--osaka", rekeyed.Tunnel);
    }

    [Fact]
    public async Task Connect_RevokedMidStream_IsCutOff_AndRefusedOnReconnect()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);
        await agent.ConnectAsync(0, Ct);
        await agent.NextAsync(Body.Config, Ct);

        var revoke = await api.PostAsync($"/api/agents/{agent.Enrollment.AgentId}/revoke", null, Ct);
        Assert.True(revoke.IsSuccessStatusCode);

        var cut = await Assert.ThrowsAsync<RpcException>(() => agent.NextAsync(Body.Config, Ct));
        Assert.Equal(StatusCode.PermissionDenied, cut.StatusCode);
        await agent.ConnectAsync(0, Ct);
        var refused = await Assert.ThrowsAsync<RpcException>(() => agent.NextAsync(Body.Config, Ct));
        Assert.True(refused.StatusCode == StatusCode.PermissionDenied, refused.ToString());
    }

    [Fact]
    public async Task Connect_WithoutClientCertificate_IsRefused()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        var client = TestAgent.Anonymous(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), out var channel);
        using var _ = channel;

        using var call = client.Connect(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello() }, Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Ct));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task TwoReplicas_ChangeOnOne_ReachesAgentOnTheOther()
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        await using var first = new LiveController(database);
        using var api = await ApiAccess.ClientAsync(first, "admin", first.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        var token = await Fleet.TokenAsync(api, tokyo.Site.Id);
        await using var second = new LiveController(database);
        await second.Services.GetRequiredService<FleetChangeListener>().Listening.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        // The agent enrolls and streams through the second replica (same CA: it lives in the database).
        await using var agent = await TestAgent.EnrollAsync(second.AgentAddress, token, Ct);
        await agent.ConnectAsync(0, Ct);
        var snapshot = (await agent.NextAsync(Body.Config, Ct)).Config;

        // The admin changes the fleet through the first replica.
        await Fleet.AddSiteAsync(api, "osaka", "198.51.100.1", "198.18.2.0/24");

        var pushed = (await agent.NextAsync(Body.Config, Ct)).Config;
        Assert.True(pushed.Revision > snapshot.Revision);
        Assert.Equal("tokyo--osaka", Assert.Single(pushed.Tunnels).Name);
    }

    private static Task<Data.Fleet.Agent> WaitForAgentAsync(LiveController controller, Func<Data.Fleet.Agent, bool> condition) =>
        WaitForAsync(controller, async db => (await db.Agents.AsNoTracking().ToListAsync(Ct)).SingleOrDefault(condition));

    /// <summary>Polls the database until the row shows up (ingest is asynchronous); fails after a generous timeout.</summary>
    private static async Task<T> WaitForAsync<T>(LiveController controller, Func<KyotenDbContext, Task<T?>> query) where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var scope = controller.Services.CreateAsyncScope())
            {
                if (await query(scope.ServiceProvider.GetRequiredService<KyotenDbContext>()) is { } found)
                {
                    return found;
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
