using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Kyoten.Dashboard.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

/// <summary>
/// The links editor and policy create/delete, on a controller of their own: the topology is
/// switched to explicit links only, which would change every other browser test's tunnels.
/// </summary>
public sealed class LinksAndPoliciesBrowserTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Links_and_policies_are_added_and_removed_after_a_preview_of_the_tunnels_they_touch_and_are_audited()
    {
        await using var controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashlinks", Ct));
        var services = controller.Services;
        await Fleet.AddSiteAsync(services, "link-a", "198.18.91.0/24", "192.0.2.91", Ct);
        await Fleet.AddSiteAsync(services, "link-b", "198.18.92.0/24", "192.0.2.92", Ct);
        await using (var scope = services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            await TopologyEndpoints.SetModeAsync(new TopologyEndpoints.TopologyInput("explicit"), sp.GetRequiredService<KyotenDbContext>(),
                sp.GetRequiredService<FleetReconciler>(), sp.GetRequiredService<AuditRecorder>(), sp.GetRequiredService<TimeProvider>(), Fleet.Admin, Ct);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var page = await BrowserFixture.SignInAsync(browser, controller.HttpAddress, LiveDashboard.AdminUser, LiveDashboard.AdminPassword);
        await OpenAsync(page, "/policies");
        var links = page.GetByTestId("links");

        // A name that is no site is refused in the preview; nothing can be applied.
        await FillAsync(page, "link-a", "link-a");
        await FillAsync(page, "link-b", "link-z");
        await page.GetByTestId("preview-add-link").ClickAsync();
        await Expect(links.GetByTestId("preview-error")).ToHaveTextAsync("no site named 'link-z'");
        await Expect(page.GetByTestId("apply-link")).ToBeDisabledAsync();

        await FillAsync(page, "link-b", "link-b");
        await page.GetByTestId("preview-add-link").ClickAsync();
        await Expect(links.GetByTestId("preview-row")).ToHaveCountAsync(1);
        await Expect(links.GetByTestId("preview-row")).ToContainTextAsync("link-a--link-b");
        await Expect(links.GetByTestId("preview-row")).ToContainTextAsync("Added");
        await ShotAsync(page, "links-preview");
        Assert.Equal(0, await CountAsync(services, db => db.Links.CountAsync(Ct)));
        await page.GetByTestId("apply-link").ClickAsync();
        await Expect(links.GetByTestId("link-row")).ToHaveCountAsync(1);
        Assert.Equal(1, await CountAsync(services, db => db.AuditLog.CountAsync(a => a.Action == "link.create" && a.Actor == LiveDashboard.AdminUser, Ct)));

        await links.GetByTestId("preview-remove-link").ClickAsync();
        await Expect(links.GetByTestId("preview-row")).ToContainTextAsync("Removed");
        await page.GetByTestId("apply-link").ClickAsync();
        await Expect(links.GetByTestId("link-row")).ToHaveCountAsync(0);
        Assert.Equal(1, await CountAsync(services, db => db.AuditLog.CountAsync(a => a.Action == "link.delete", Ct)));

        // A new policy: validated and previewed (it touches no tunnel until used), then created.
        await page.GetByTestId("new-policy").ClickAsync();
        await FillAsync(page, "policy-name", new string('x', 101));
        await page.GetByTestId("preview-policy").ClickAsync();
        await Expect(page.GetByTestId("preview-error")).ToHaveTextAsync("required, at most 100 characters");
        await Expect(page.GetByTestId("apply-policy")).ToBeDisabledAsync();
        await FillAsync(page, "policy-name", "strict");
        await page.GetByTestId("preview-policy").ClickAsync();
        await Expect(page.GetByTestId("no-change")).ToBeVisibleAsync();
        await page.GetByTestId("apply-policy").ClickAsync();
        await Expect(page.GetByTestId("policy-list")).ToContainTextAsync("strict");
        Assert.Equal(1, await CountAsync(services, db => db.Policies.CountAsync(p => p.Name == "strict", Ct)));

        // ...and deleted after its own preview.
        await page.GetByTestId("preview-delete-policy").ClickAsync();
        await Expect(page.GetByTestId("no-change")).ToBeVisibleAsync();
        await page.GetByTestId("delete-policy").ClickAsync();
        await Expect(page.GetByTestId("policy-list")).Not.ToContainTextAsync("strict");
        Assert.Equal(0, await CountAsync(services, db => db.Policies.CountAsync(p => p.Name == "strict", Ct)));
        Assert.Equal(1, await CountAsync(services, db => db.AuditLog.CountAsync(a => a.Action == "policy.delete", Ct)));

        // The default policy cannot go: the preview says so and the delete stays disabled.
        await page.GetByTestId("policy-list").GetByText("default").First.ClickAsync();
        await page.GetByTestId("preview-delete-policy").ClickAsync();
        await Expect(page.GetByTestId("preview-error")).ToHaveTextAsync("the default policy cannot be deleted");
        await Expect(page.GetByTestId("delete-policy")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task The_server_refuses_a_viewers_link_and_policy_changes()
    {
        await using var controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashlinksv", Ct));
        var services = controller.Services;
        await Fleet.AddSiteAsync(services, "view-a", "198.18.93.0/24", "192.0.2.93", Ct);
        await Fleet.AddSiteAsync(services, "view-b", "198.18.94.0/24", "192.0.2.94", Ct);
        var viewer = Commands.For(services, KyotenRoles.Viewer, "link-viewer");

        Assert.True((await viewer.AddLinkByNameAsync("view-a", "view-b", Ct)).Forbidden);
        Assert.True((await viewer.CreatePolicyAsync(new PolicyInput("sneaky", 2, ["aes256gcm16-prfsha256-x25519"], ["aes256gcm16"], null, null, null, null, null, null, null, null, null), Ct)).Forbidden);
        var defaultPolicy = await CountAsync(services, db => db.Policies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync(Ct));
        Assert.True((await viewer.DeletePolicyAsync(defaultPolicy, Ct)).Forbidden);
        Assert.Equal(0, await CountAsync(services, db => db.Links.CountAsync(Ct)));
        Assert.Equal(0, await CountAsync(services, db => db.AuditLog.CountAsync(a => a.Actor == "link-viewer", Ct)));
    }

    private static async Task<T> CountAsync<T>(IServiceProvider services, Func<KyotenDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<KyotenDbContext>());
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
}
