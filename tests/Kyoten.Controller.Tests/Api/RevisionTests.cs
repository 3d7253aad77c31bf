using System.Security.Cryptography;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Agents;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Telemetry;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Api;

/// <summary>Revisions move only when an agent's own compiled config changes.</summary>
public sealed class RevisionTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Change_BumpsOnlyTheAffectedAgentsRevision()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");
        Assert.True((await api.PutJsonAsync("/api/topology", new { mode = "explicit" })).IsSuccessStatusCode);
        var a = await Fleet.AddSiteAsync(api, "alpha", "192.0.2.1", "198.18.1.0/24");
        var b = await Fleet.AddSiteAsync(api, "bravo", "198.51.100.1", "198.18.2.0/24");
        var c = await Fleet.AddSiteAsync(api, "charlie", "203.0.113.1", "198.18.3.0/24");
        foreach (var site in new[] { a, b, c })
        {
            await EnrollAsync(factory, await Fleet.TokenAsync(api, site.Site.Id));
        }

        Assert.True((await api.PostJsonAsync("/api/topology/links", new { siteA = a.Site.Id, siteB = b.Site.Id })).IsSuccessStatusCode);
        var before = await RevisionsAsync(api);

        // Only bravo and charlie get a tunnel: alpha's config is unchanged.
        Assert.True((await api.PostJsonAsync("/api/topology/links", new { siteA = b.Site.Id, siteB = c.Site.Id })).IsSuccessStatusCode);
        var after = await RevisionsAsync(api);

        Assert.Equal(before["alpha"], after["alpha"]);
        Assert.Equal(before["bravo"] + 1, after["bravo"]);
        Assert.Equal(before["charlie"] + 1, after["charlie"]);

        // Saving a site unchanged moves nothing.
        await api.PutJsonAsync($"/api/sites/{a.Site.Id}", new { name = "alpha", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" } });
        Assert.Equal(after, await RevisionsAsync(api));
    }

    [Fact]
    public async Task RetentionJob_DeletesOnlySamplesOlderThanTheRetention()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct), new Dictionary<string, string?> { ["Kyoten:TelemetryRetentionDays"] = "7" });
        _ = factory.Server;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.TunnelSamples.AddRange(new TunnelSample { At = now.AddDays(-8), Tunnel = "old" }, new TunnelSample { At = now.AddDays(-1), Tunnel = "new" });
            await db.SaveChangesAsync(Ct);
        }

        await factory.Services.GetRequiredService<RetentionJob>().PurgeAsync(Ct);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            Assert.Equal("new", (await db.TunnelSamples.SingleAsync(Ct)).Tunnel);
        }
    }

    private static async Task EnrollAsync(ControllerFactory factory, string token)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EnrollmentService>().EnrollAsync(
            new EnrollRequest { Token = token, Csr = ByteString.CopyFrom(TestAgent.Csr(key)) }, Ct);
    }

    private static async Task<Dictionary<string, long>> RevisionsAsync(HttpClient api) =>
        (await (await api.GetAsync("/api/agents", Ct)).ReadAsync<List<AgentDto>>()).ToDictionary(a => a.Site, a => a.DesiredRevision);
}
