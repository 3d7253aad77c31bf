using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Kyoten.Testing.Postgres;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kyoten.Dashboard.Tests.Infrastructure;

/// <summary>
/// One controller and one Debian Chromium for all browser tests (starting either is the slow
/// part). Each test gets its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserFixture(PostgresFixture postgres) : IAsyncLifetime
{
    public const string ViewerUser = "viewer";
    public const string ViewerPassword = "viewer-passphrase-1";
    private IPlaywright? _playwright;

    public LiveDashboard Controller { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Controller = new LiveDashboard(await postgres.CreateDatabaseAsync("dashboard"));
        _ = Controller.HttpAddress;
        await using (var scope = Controller.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var viewer = new AdminUser { UserName = ViewerUser };
            Assert.True((await users.CreateAsync(viewer, ViewerPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(viewer, KyotenRoles.Viewer)).Succeeded);
        }

        // A 2-core machine shared with other builds: be patient, never sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium; Playwright's own download is not reachable here (TESTING.md).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        // Playwright itself starts it with a fresh temporary --user-data-dir (it refuses one in Args).
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>A fresh context (cookie jar) signed in as the given user, 1280x800 for screenshots.</summary>
    public Task<IPage> SignInAsync(string user, string password, string locale = "en-US") => SignInAsync(Browser, Controller.HttpAddress, user, password, locale);

    public static async Task<IPage> SignInAsync(IBrowser browser, Uri address, string user, string password, string locale = "en-US")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = locale,
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // The readiness signal is the marker, not a page lifecycle event: CI timed out twice in
        // Playwright's wait for 'load' after the redirect, with the page already there. The marker
        // is only in the signed-in layout (the login page has none) and appears once the page,
        // prerendered, has its interactive circuit.
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        return page;
    }

    public Task<IPage> SignInAdminAsync() => SignInAsync(LiveDashboard.AdminUser, LiveDashboard.AdminPassword);

    public KyotenDbContext NewDb(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<KyotenDbContext>();

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Controller.DisposeAsync();
    }
}
