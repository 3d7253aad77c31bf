using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Telemetry;
using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Events_filter_by_site_tunnel_and_type_in_the_database_and_show_in_the_tunnel_timeline()
    {
        var siteA = await Fleet.AddSiteAsync(Services, "ev-a", "198.18.71.0/24", "192.0.2.71", Ct);
        await Fleet.AddSiteAsync(Services, "ev-b", "198.18.72.0/24", "192.0.2.72", Ct);
        var agent = await Fleet.AddAgentAsync(Services, siteA, Ct);
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var queue = Services.GetRequiredService<TelemetryQueue>();
        foreach (var (kind, detail) in new[] { (FleetEventKind.Rekeyed, "CHILD SA c0ffee03 replaced c0ffee01"), (FleetEventKind.RekeyFailed, "NO_PROPOSAL_CHOSEN from peer") })
        {
            await queue.EnqueueAsync(new IngestItem.Event(new FleetEvent { At = now, AgentId = agent, SiteId = siteA, Tunnel = "ev-a--ev-b", Kind = kind, Detail = detail }), Ct);
        }

        await Fleet.WaitForAsync(Services, async db => await db.Events.CountAsync(e => e.SiteId == siteA, Ct) == 2, Ct);
        await using (var scope = Services.CreateAsyncScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<IFleetQueries>();
            var failed = await queries.EventsAsync(new EventFilter("ev-a", "ev-a--ev-b", FleetEventKind.RekeyFailed), 0, 50, Ct);
            Assert.Equal("NO_PROPOSAL_CHOSEN from peer", Assert.Single(failed.Items).Detail);
            Assert.Equal(0, (await queries.EventsAsync(new EventFilter("ev-b", null, FleetEventKind.RekeyFailed), 0, 50, Ct)).Total);
        }

        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, "/tunnels/ev-a/ev-b");
        await Expect(page.GetByTestId("rekey-timeline")).ToContainTextAsync("NO_PROPOSAL_CHOSEN from peer");
        await Expect(page.GetByTestId("rekey-timeline")).ToContainTextAsync("CHILD SA c0ffee03 replaced c0ffee01");
        await OpenAsync(page, "/events");
        await FillAsync(page, "filter-tunnel", "ev-a--ev-b");
        await Expect(page.GetByTestId("event-table").Locator("tbody tr")).ToHaveCountAsync(2);
    }
}
