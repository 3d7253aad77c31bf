using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Agents;

/// <summary>IKE engine counters from the agent's telemetry land on its row; negative counters are ignored.</summary>
public sealed class IkeStatisticsIngestTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Telemetry_WithIkeStatistics_IsStoredOnTheAgent_AndNegativeCountersAreIgnored()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);
        await agent.ConnectAsync(0, Ct);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Nonsense first: the report's tunnel rows still land (the marker), its IKE counters do not.
        await agent.SendAsync(Report(start, "marker-1", new IkeStatistics { RequestsSent = 9, Retransmissions = -1 }), Ct);
        await WaitForAsync(controller, db => db.TunnelSamples.SingleOrDefaultAsync(t => t.Tunnel == "marker-1", Ct));
        Assert.Null((await AgentAsync(controller)).IkeStatistics);

        var good = new IkeStatistics { RequestsSent = 12, Retransmissions = 3, ExchangesGivenUp = 1, ResponsesReceived = 8, RequestsReceived = 7, Malformed = 2, NoPeerConfig = 4, RetransmittedResponses = 5 };
        await agent.SendAsync(Report(start + 1000, "marker-2", good), Ct);
        await WaitForAsync(controller, db => db.TunnelSamples.SingleOrDefaultAsync(t => t.Tunnel == "marker-2", Ct));
        var stored = (await AgentAsync(controller)).IkeStatistics;
        Assert.NotNull(stored);
        Assert.Equal((12L, 3L, 1L, 8L, 7L, 2L, 4L, 5L, 0L), (stored.RequestsSent, stored.Retransmissions, stored.ExchangesGivenUp, stored.ResponsesReceived, stored.RequestsReceived, stored.Malformed, stored.NoPeerConfig, stored.RetransmittedResponses, stored.UnknownSpi));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(start + 1000), stored.At);

        // A later negative report leaves the stored values alone.
        await agent.SendAsync(Report(start + 2000, "marker-3", new IkeStatistics { RequestsSent = 13, HalfOpenDropped = -5 }), Ct);
        await WaitForAsync(controller, db => db.TunnelSamples.SingleOrDefaultAsync(t => t.Tunnel == "marker-3", Ct));
        Assert.Equal(12, (await AgentAsync(controller)).IkeStatistics?.RequestsSent);
    }

    private static AgentMessage Report(long unixMillis, string marker, IkeStatistics ike) => new()
    {
        Telemetry = new TelemetryReport { UnixMillis = unixMillis, Ike = ike, Tunnels = { new TunnelStatus { Tunnel = marker, IkeState = "DOWN" } } },
    };

    private static async Task<Data.Fleet.Agent> AgentAsync(LiveController controller)
    {
        await using var scope = controller.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KyotenDbContext>().Agents.AsNoTracking().SingleAsync(Ct);
    }

    /// <summary>Polls until the row shows up (ingest is asynchronous); fails after a generous timeout.</summary>
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
