using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Changing_a_policy_previews_the_touched_tunnels_then_applies_and_is_audited()
    {
        await Fleet.AddSiteAsync(Services, "pol-a", "198.18.51.0/24", "192.0.2.51", Ct);
        await Fleet.AddSiteAsync(Services, "pol-b", "198.18.52.0/24", "192.0.2.52", Ct);
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, "/policies");
        await FillAsync(page, "child-lifetime", "2700");
        await page.GetByTestId("preview-policy").ClickAsync();
        await Expect(page.GetByTestId("preview-row").Filter(new() { HasText = "pol-a--pol-b" })).ToContainTextAsync("childLifetime:");
        await ShotAsync(page, "policies");

        await page.GetByTestId("apply-policy").ClickAsync();
        await Expect(page.GetByText("Policy saved")).ToBeVisibleAsync();

        await OpenAsync(page, "/audit");
        await FillAsync(page, "filter-search", "policy.update");
        var row = page.Locator("tr").Filter(new() { Has = page.GetByTestId("audit-action").GetByText("policy.update") }).First;
        await Expect(row.GetByTestId("audit-before")).ToContainTextAsync("\"childLifetimeSeconds\": 3600");
        await Expect(row.GetByTestId("audit-after")).ToContainTextAsync("\"childLifetimeSeconds\": 2700");
        await ShotAsync(page, "audit");
    }

    [Fact]
    public async Task A_viewer_sees_pages_but_no_edit_controls_and_cannot_open_the_add_form()
    {
        var page = await fixture.SignInAsync(BrowserFixture.ViewerUser, BrowserFixture.ViewerPassword);
        await Expect(page.GetByTestId("role")).ToHaveTextAsync("viewer");
        await OpenAsync(page, "/sites");
        await Expect(page.GetByTestId("sites")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("add-site")).ToHaveCountAsync(0);
        await OpenAsync(page, "/sites/new");
        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save")).ToHaveCountAsync(0);
        await OpenAsync(page, "/policies");
        await Expect(page.GetByTestId("preview-policy")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("apply-policy")).ToHaveCountAsync(0);
        await OpenAsync(page, "/settings");
        await Expect(page.GetByTestId("ca-fingerprint")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("api-tokens")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Every_page_renders_and_the_language_picker_switches_to_japanese()
    {
        var site = await Fleet.AddSiteAsync(Services, "shot-site", "198.18.61.0/24", null, Ct);
        var page = await fixture.SignInAdminAsync();
        foreach (var (path, name, testId) in new[]
        {
            ("/sites", "sites", "sites"), ($"/sites/{site}", "site", "agent"), ("/events", "events", "event-table"), ("/settings", "settings", "ca"),
        })
        {
            await OpenAsync(page, path);
            await Expect(page.GetByTestId(testId)).ToBeVisibleAsync();
            await ShotAsync(page, name);
        }

        await OpenAsync(page, "/sites");
        await page.GetByTestId("language").ClickAsync();
        await page.GetByText("日本語").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "拠点", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "概要" })).ToBeVisibleAsync();
        Assert.Equal("ja", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await ShotAsync(page, "sites-ja");
    }
}
