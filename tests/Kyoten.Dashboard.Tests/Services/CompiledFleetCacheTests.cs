using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data;
using Kyoten.Dashboard.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Dashboard.Tests.Services;

/// <summary>
/// Site and tunnel pages reuse one compile of the fleet until the fleet changes; reuse is counted,
/// not timed. Own controller and database: another test's change would count as a fleet change.
/// </summary>
public sealed class CompiledFleetCacheTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Site_and_tunnel_pages_reuse_one_compile_until_a_site_or_link_changes()
    {
        await using var controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashcache", Ct));
        var services = controller.Services;
        var a = await Fleet.AddSiteAsync(services, "cache-a", "198.18.101.0/24", "192.0.2.101", Ct);
        await Fleet.AddSiteAsync(services, "cache-b", "198.18.102.0/24", "192.0.2.102", Ct);
        var cache = services.GetRequiredService<CompiledFleetCache>();
        await using var pageScope = services.CreateAsyncScope();
        var queries = pageScope.ServiceProvider.GetRequiredService<IFleetQueries>();

        Assert.Equal(["cache-b"], (await queries.SiteAsync(a, Ct))!.Tunnels.Select(t => t.Peer));
        var compiled = cache.Compilations;
        Assert.Equal("default", (await queries.TunnelAsync("cache-a", "cache-b", Ct))!.Policy);
        Assert.Equal(["cache-b"], (await queries.SiteAsync(a, Ct))!.Tunnels.Select(t => t.Peer));
        Assert.Equal(compiled, cache.Compilations);

        // A new site is a fleet change: compiled again, and the page plans the new tunnel.
        var c = await Fleet.AddSiteAsync(services, "cache-c", "198.18.103.0/24", "192.0.2.103", Ct);
        Assert.Equal(["cache-b", "cache-c"], (await queries.SiteAsync(a, Ct))!.Tunnels.Select(t => t.Peer));
        Assert.Equal(compiled + 1, cache.Compilations);

        // So is a deletion, even though no timestamp gets newer.
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await SiteEndpoints.DeleteAsync(c, sp.GetRequiredService<KyotenDbContext>(), sp.GetRequiredService<FleetReconciler>(), sp.GetRequiredService<AuditRecorder>(), Fleet.Admin, Ct);
        }

        Assert.Equal(["cache-b"], (await queries.SiteAsync(a, Ct))!.Tunnels.Select(t => t.Peer));
        Assert.Equal(compiled + 2, cache.Compilations);
    }
}
