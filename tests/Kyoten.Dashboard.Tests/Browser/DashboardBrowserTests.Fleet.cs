using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Telemetry_arriving_updates_the_tunnel_page_without_a_reload()
    {
        var (a, b) = ("live-a", "live-b");
        var siteA = await Fleet.AddSiteAsync(Services, a, "198.18.41.0/24", "192.0.2.41", Ct);
        var siteB = await Fleet.AddSiteAsync(Services, b, "198.18.42.0/24", "192.0.2.42", Ct);
        var agentA = await Fleet.AddAgentAsync(Services, siteA, Ct);
        var agentB = await Fleet.AddAgentAsync(Services, siteB, Ct);
        var time = Services.GetRequiredService<TimeProvider>();
        await Fleet.ReportAsync(Services, agentA, siteA, Fleet.Report(time.GetUtcNow(), $"{a}--{b}", 1_000_000, 2_000_000, "aes128-sha1-modp1024"), Ct);
        await Fleet.ReportAsync(Services, agentB, siteB, Fleet.Report(time.GetUtcNow(), $"{b}--{a}", 2_000_000, 1_000_000), Ct);

        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, $"/tunnels/{a}/{b}");
        var endA = page.GetByTestId($"end-{a}");
        await Expect(endA.GetByTestId("bytes")).ToHaveTextAsync("1,000,000 / 2,000,000");
        await Expect(endA.GetByTestId("weak").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"end-{b}").GetByTestId("ike-state")).ToHaveTextAsync("ESTABLISHED");
        // A marker in the page's JavaScript state survives only if the page is not reloaded.
        await page.EvaluateAsync("window.kyotenMarker = 42");
        await ShotAsync(page, "tunnel");

        await Fleet.ReportAsync(Services, agentA, siteA, Fleet.Report(time.GetUtcNow(), $"{a}--{b}", 5_000_000, 7_000_000, "aes128-sha1-modp1024"), Ct);
        await Expect(endA.GetByTestId("bytes")).ToHaveTextAsync("5,000,000 / 7,000,000");
        Assert.Equal(42, await page.EvaluateAsync<int>("window.kyotenMarker"));

        // The overview counts the tunnel as up, once, from both ends' reports.
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.GetByTestId("count-up")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByTestId("topology").Locator("line.edge.up")).Not.ToHaveCountAsync(0);
        await ShotAsync(page, "overview");
    }

    [Fact]
    public async Task A_site_named_like_a_script_tag_is_shown_as_text()
    {
        const string hostile = "<script>alert(1)</script>";
        // The validator refuses such a name, so it is planted directly, as old or imported data might be.
        Guid id;
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var site = new Site { Id = Guid.CreateVersion7(), Name = hostile, Description = "<img src=x onerror=alert(2)>", LanSubnets = ["198.18.99.0/24"], CreatedAt = now, UpdatedAt = now };
            db.Sites.Add(site);
            await db.SaveChangesAsync(Ct);
            id = site.Id;
        }

        try
        {
            var page = await fixture.SignInAdminAsync();
            var dialogs = 0;
            page.Dialog += (_, dialog) =>
            {
                dialogs++;
                _ = dialog.DismissAsync();
            };
            await OpenAsync(page, "/sites");
            await FillAsync(page, "search", "script");
            await Expect(page.GetByTestId("site-link").Filter(new() { HasText = hostile })).ToHaveTextAsync(hostile);
            await OpenAsync(page, $"/sites/{id}");
            await Expect(page.GetByTestId("site-name")).ToHaveTextAsync(hostile);
            await Expect(page.GetByText("<img src=x onerror=alert(2)>")).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("main script, main img[src=x]").CountAsync());
            Assert.Equal(0, dialogs);
        }
        finally
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KyotenDbContext>().Sites.Where(s => s.Id == id).ExecuteDeleteAsync(Ct);
        }
    }
}
