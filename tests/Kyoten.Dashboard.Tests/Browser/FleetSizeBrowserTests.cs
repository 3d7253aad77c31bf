using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Dashboard.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

/// <summary>
/// The "works at fleet size": 1,000 sites in PostgreSQL (one hub, 999 spokes), on a
/// controller of their own so the other browser tests' counts stay small. What an admin would
/// check: the overview shows the fleet, the sites list pages and searches on the server, the hub's
/// page lists its 999 tunnels and a spoke's tunnel page opens.
/// </summary>
public sealed class FleetSizeBrowserTests(PostgresFixture postgres)
{
    private const int Spokes = 999;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fleet_of_1000_sites_is_shown_paged_searched_and_browsable()
    {
        await using var controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashfleet", Ct));
        var services = controller.Services;
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<KyotenDbContext>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            // Planted in one batch: 1,000 trips through the API's handler would only test the handler.
            db.Sites.Add(new Site { Id = Guid.CreateVersion7(), Name = "hub", WanAddress = "192.0.2.1", LanSubnets = ["198.18.0.0/24"], Role = SiteRole.Hub, CreatedAt = now, UpdatedAt = now });
            for (int i = 1; i <= Spokes; i++)
            {
                db.Sites.Add(new Site
                {
                    Id = Guid.CreateVersion7(),
                    Name = $"spoke-{i:D4}",
                    LanSubnets = [$"198.19.{i / 4}.{i % 4 * 64}/26"],
                    Role = SiteRole.Spoke,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync(Ct);
            await TopologyEndpoints.SetModeAsync(new TopologyEndpoints.TopologyInput("hub-and-spoke"), db,
                sp.GetRequiredService<FleetReconciler>(), sp.GetRequiredService<AuditRecorder>(), sp.GetRequiredService<TimeProvider>(), Fleet.Admin, Ct);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var page = await BrowserFixture.SignInAsync(browser, controller.HttpAddress, LiveDashboard.AdminUser, LiveDashboard.AdminPassword);

        await OpenAsync(page, "/");
        await Expect(page.GetByTestId("count-sites")).ToHaveTextAsync("1,000");
        await Expect(page.GetByTestId("topology")).ToBeVisibleAsync();
        await ShotAsync(page, "fleet-1000-overview");

        await OpenAsync(page, "/sites");
        await Expect(page.GetByTestId("site-link")).ToHaveCountAsync(25);
        await page.Locator("[data-testid='search'] input, input[data-testid='search']").First.FillAsync("spoke-0777");
        await Expect(page.GetByTestId("site-link")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("site-link")).ToHaveTextAsync("spoke-0777");

        await page.GetByTestId("site-link").ClickAsync();
        await Expect(page.GetByTestId("site-name")).ToHaveTextAsync("spoke-0777");
        await Expect(page.GetByTestId("site-tunnels").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("site-tunnels")).ToContainTextAsync("hub");

        await page.GetByTestId("site-tunnels").GetByRole(AriaRole.Link, new() { Name = "hub" }).ClickAsync();
        await Expect(page.GetByTestId("end-hub")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("end-spoke-0777")).ToBeVisibleAsync();

        await OpenAsync(page, "/sites");
        await page.Locator("[data-testid='search'] input, input[data-testid='search']").First.FillAsync("hub");
        await Expect(page.GetByTestId("site-link")).ToHaveCountAsync(1);
        await page.GetByTestId("site-link").ClickAsync();
        await Expect(page.GetByTestId("site-tunnels").Locator("tbody tr")).ToHaveCountAsync(Spokes);
        await ShotAsync(page, "fleet-1000-hub");
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Screenshots, name + ".png") });
}
