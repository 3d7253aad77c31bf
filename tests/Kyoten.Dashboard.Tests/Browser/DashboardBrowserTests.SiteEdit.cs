using Kyoten.Controller.Api;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Admin_edits_a_site_with_the_add_forms_validation_and_the_audit_keeps_before_and_after()
    {
        var edited = await Fleet.AddSiteAsync(Services, "edit-me", "198.18.81.0/24", "192.0.2.81", Ct);
        await Fleet.AddSiteAsync(Services, "edit-other", "198.18.82.0/24", "192.0.2.82", Ct);
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, $"/sites/{edited}");
        await page.GetByTestId("edit-site").ClickAsync();
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("[data-testid='name'] input, input[data-testid='name']").First).ToHaveValueAsync("edit-me");

        // An overlap is refused with the API's message naming both sites; nothing is saved.
        await FillAsync(page, "subnets", "198.18.82.0/25");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await Expect(page.GetByText("198.18.82.0/25 of site 'edit-me' overlaps 198.18.82.0/24 of site 'edit-other'")).ToBeVisibleAsync();
        await ShotAsync(page, "edit-site-overlap");

        await FillAsync(page, "description", "moved to the new building");
        await FillAsync(page, "wan", "192.0.2.181");
        await FillAsync(page, "subnets", "198.18.83.0/24\n198.18.84.0/24");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Hub" }).ClickAsync();
        await page.GetByTestId("save").ClickAsync();

        await page.WaitForURLAsync($"**/sites/{edited}");
        await Expect(page.GetByText("198.18.83.0/24, 198.18.84.0/24")).ToBeVisibleAsync();
        await Expect(page.GetByText("moved to the new building")).ToBeVisibleAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == edited, Ct);
        Assert.Equal(("192.0.2.181", Kyoten.Controller.Data.Fleet.SiteRole.Hub), (site.WanAddress, site.Role));
        var entry = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "site.update" && a.EntityId == edited.ToString(), Ct);
        Assert.Equal(LiveDashboard.AdminUser, entry.Actor);
        Assert.Contains("198.18.81.0/24", entry.Before, StringComparison.Ordinal);
        Assert.Contains("192.0.2.81", entry.Before, StringComparison.Ordinal);
        Assert.Contains("198.18.84.0/24", entry.After, StringComparison.Ordinal);
        Assert.Contains("moved to the new building", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_deletes_a_site_only_after_confirming()
    {
        var doomed = await Fleet.AddSiteAsync(Services, "delete-me", "198.18.56.0/24", "192.0.2.56", Ct);
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, $"/sites/{doomed}");

        await page.GetByTestId("delete-site").ClickAsync();
        await Expect(page.GetByText("Delete delete-me? Its tunnels go down on every peer.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("site-name")).ToHaveTextAsync("delete-me");
        Assert.True(await SiteExistsAsync(doomed));

        await page.GetByTestId("delete-site").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/sites");
        Assert.False(await SiteExistsAsync(doomed));
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var entry = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "site.delete" && a.EntityId == doomed.ToString(), Ct);
        Assert.Contains("198.18.56.0/24", entry.Before, StringComparison.Ordinal);
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task The_server_refuses_a_viewers_site_edit_even_without_the_ui()
    {
        var site = await Fleet.AddSiteAsync(Services, "viewer-edit", "198.18.57.0/24", "192.0.2.57", Ct);
        var viewer = CommandsFor(KyotenRoles.Viewer, "editing-viewer");
        var result = await viewer.UpdateSiteAsync(site, new SiteInput("renamed", "", "192.0.2.57", ["198.18.57.0/24"], "mesh", "managed", null, null, null), Ct);

        Assert.True(result.Forbidden);
        Assert.True((await viewer.DeleteSiteAsync(site, Ct)).Forbidden);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        Assert.Equal("viewer-edit", (await db.Sites.AsNoTracking().SingleAsync(s => s.Id == site, Ct)).Name);
    }

    private async Task<bool> SiteExistsAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KyotenDbContext>().Sites.AnyAsync(s => s.Id == id, Ct);
    }
}
