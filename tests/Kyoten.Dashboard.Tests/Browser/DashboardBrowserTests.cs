using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

/// <summary>The dashboard in Debian's Chromium against the real controller and PostgreSQL.</summary>
public sealed partial class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => fixture.Controller.Services;

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Screenshots, name + ".png") });

    /// <summary>Loads a page and waits until its circuit is live (pages are prerendered first).</summary>
    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>MudBlazor puts extra attributes on the input itself; the locator covers both placements.</summary>
    private static Task FillAsync(IPage page, string testId, string text) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First.FillAsync(text);

    [Fact]
    public async Task Admin_adds_a_site_and_sees_its_token_expiry_and_agent_command()
    {
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, "/sites/new");
        await FillAsync(page, "name", "osaka");
        await FillAsync(page, "wan", "192.0.2.10");
        await FillAsync(page, "subnets", "198.18.1.0/24");
        await ShotAsync(page, "add-site");
        await page.GetByTestId("save").ClickAsync();

        var command = page.GetByTestId("agent-command");
        await Expect(command).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(
            $@"^kyoten-agent enroll --controller https://127\.0\.0\.1:{fixture.Controller.AgentAddress.Port} --token \S+$"));
        await Expect(page.GetByTestId("token-expiry")).ToContainTextAsync("Token expires");
        await ShotAsync(page, "add-site-token");

        // Re-issue and revoke on the site page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open site" }).ClickAsync();
        await Expect(page.GetByTestId("tokens").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByTestId("issue-token").ClickAsync();
        await Expect(page.GetByTestId("agent-command")).ToContainTextAsync("kyoten-agent enroll --controller https://127.0.0.1:");
        await Expect(page.GetByTestId("tokens").Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByTestId("revoke-token").First.ClickAsync();
        await Expect(page.GetByTestId("tokens").Locator("tbody tr").Filter(new() { HasText = "revoked" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("revoke-token")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Add_site_shows_the_api_validators_errors_and_saves_nothing()
    {
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, "/sites/new");
        await FillAsync(page, "name", "bad name!");
        await FillAsync(page, "subnets", "198.18.300.0/24");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await Expect(page.GetByText("a DNS label (a-z, 0-9")).ToBeVisibleAsync();
        await Expect(page.GetByText("no host bits set")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter the WAN address or choose dynamic.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("created")).ToHaveCountAsync(0);
    }
}
