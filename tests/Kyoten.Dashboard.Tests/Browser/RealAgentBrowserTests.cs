using System.Globalization;
using System.Text.RegularExpressions;
using Kyoten.Dashboard.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Kyoten.Testing.Sites;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

/// <summary>
/// The issue's key browser test: two sites added in the browser form, each enrolled by running
/// the one-line command the page shows for a real <c>kyoten-agent</c> in its own namespace, and
/// the tunnel between them turning up on the open tunnel page without a reload. Own controller
/// (its agent endpoint on the namespaces' management veth, 198.51.100.5) and own browser.
/// </summary>
public sealed class RealAgentBrowserTests(PostgresFixture postgres)
{
    private const string East = "dash-east";
    private const string West = "dash-west";
    private static readonly float Bounded = (float)TimeSpan.FromSeconds(120).TotalMilliseconds;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sites_added_in_the_browser_enroll_real_agents_with_the_shown_command_and_their_tunnel_turns_up_live()
    {
        // Own management block: other suites' ManagedSites may hold 198.51.100.5 in the root namespace at the same time.
        await using var sites = await ManagedSites.CreateAsync(2, (byte)Random.Shared.Next(1, 255));
        await using var controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashagent", Ct), sites.Controller);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var page = await BrowserFixture.SignInAsync(browser, controller.HttpAddress, LiveDashboard.AdminUser, LiveDashboard.AdminPassword);

        var commands = new[]
        {
            await AddSiteAsync(page, East, "192.0.2.1", "198.18.1.0/24"),
            await AddSiteAsync(page, West, "192.0.2.2", "198.18.2.0/24"),
        };

        // Open the tunnel before any agent runs; everything after happens on this one page load.
        await OpenAsync(page, $"/tunnels/{East}/{West}");
        await Expect(page.GetByTestId("tunnel-state")).Not.ToHaveTextAsync("Up");
        await page.EvaluateAsync("window.kyotenMarker = 42");

        for (int i = 0; i < commands.Length; i++)
        {
            var agent = sites.Agents[i];
            var enroll = await agent.CommandAsync([.. AgentArguments(commands[i], sites.Controller), "--state", agent.State]);
            if (enroll.ExitCode != 0)
            {
                // Listeners in the root namespace and the site's routes: what an unreachable controller needs explained.
                var ss = await Kyoten.Testing.Processes.ProcessRunner.RunAsync("ss", "-ltn");
                var route = await agent.Namespace.TryExecAsync("ip", "route");
                Assert.Fail($"enroll site {i + 1} ({commands[i]}): {enroll.StandardError} {enroll.StandardOutput}\n{ss.StandardOutput}\n{route.StandardOutput}");
            }

            agent.Start();
        }

        foreach (var agent in sites.Agents)
        {
            await agent.WaitForStatusAsync(r => r.Tunnels.Count == 1 && r.AllUp(), TimeSpan.FromSeconds(120), "tunnel ESTABLISHED");
        }

        try
        {
            await Expect(page.GetByTestId("tunnel-state")).ToHaveTextAsync("Up", new() { Timeout = Bounded });
            var east = (await sites.Agents[0].StatusAsync())!.Tunnels.Single();
            var child = east.ChildSas[0];
            var endEast = page.GetByTestId($"end-{East}");
            await Expect(endEast.GetByTestId("ike-state")).ToHaveTextAsync("ESTABLISHED", new() { Timeout = Bounded });
            await Expect(page.GetByTestId($"end-{West}").GetByTestId("ike-state")).ToHaveTextAsync("ESTABLISHED", new() { Timeout = Bounded });
            // The SPIs and algorithms the agent itself reports, on the page.
            await Expect(endEast.GetByTestId("child-sas")).ToContainTextAsync(Hex32(child.SpiIn), new() { Timeout = Bounded });
            await Expect(endEast.GetByTestId("child-sas")).ToContainTextAsync(child.Algorithms.Split('-')[0]);
            await Expect(endEast).ToContainTextAsync(east.IkeAlgorithms.Split('-')[0]);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            await ShotAsync(page, "real-agent-failed");
            throw new InvalidOperationException(e.Message + "\n" + sites.Logs(), e);
        }

        Assert.Equal(42, await page.EvaluateAsync<int>("window.kyotenMarker"));
        await ShotAsync(page, "real-agent-tunnel");

        // The overview and the site page count it as up too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.GetByTestId("count-up")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("topology").Locator("line.edge.up")).ToHaveCountAsync(1);
        await ShotAsync(page, "real-agent-overview");
    }

    /// <summary>The shown command minus the program name: what is passed to the agent build.</summary>
    private static string[] AgentArguments(string command, System.Net.IPAddress controller)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kyoten-agent", words[0]);
        Assert.Equal(["enroll", "--controller", $"https://{controller}"], words[1..4].Select(w => Regex.Replace(w, @":\d+$", "")).ToArray());
        return words[1..];
    }

    /// <summary>Fills the add-site form, saves, and returns the agent command the page shows.</summary>
    private static async Task<string> AddSiteAsync(IPage page, string name, string wan, string subnet)
    {
        await OpenAsync(page, "/sites/new");
        await FillAsync(page, "name", name);
        await FillAsync(page, "wan", wan);
        await FillAsync(page, "subnets", subnet);
        await page.GetByTestId("save").ClickAsync();
        var command = page.GetByTestId("agent-command");
        await Expect(command).ToContainTextAsync("kyoten-agent enroll");
        return (await command.TextContentAsync())!.Trim();
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    private static Task FillAsync(IPage page, string testId, string text) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First.FillAsync(text);

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Screenshots, name + ".png") });

    private static string Hex32(uint spi) => spi.ToString("x8", CultureInfo.InvariantCulture);
}
