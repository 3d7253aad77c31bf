using System.Security.Claims;
using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    // Each test acts as its own user: the class shares one database, so audit entries of one test
    // must never satisfy or break another's assertions, whatever order they run in.
    private DashboardCommands CommandsFor(string role, string user) => new(
        Services.GetRequiredService<IServiceScopeFactory>(),
        new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, role)], "test"))),
        Services.GetRequiredService<IAuthorizationService>(),
        Services.GetRequiredService<FleetSignal>());

    [Fact]
    public async Task The_server_refuses_a_viewers_change_even_without_the_ui()
    {
        var viewer = CommandsFor(KyotenRoles.Viewer, "sneaky-viewer");
        var result = await viewer.CreateSiteAsync(new SiteInput("sneaky", "", "192.0.2.77", ["198.18.77.0/24"], "mesh", "managed", null, null, null), Ct);

        Assert.True(result.Forbidden);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        Assert.False(await db.Sites.AnyAsync(s => s.Name == "sneaky", Ct));
        Assert.False(await db.AuditLog.AnyAsync(a => a.Actor == "sneaky-viewer", Ct));
    }

    [Fact]
    public async Task An_admins_change_through_the_dashboard_is_validated_and_audited_like_the_api()
    {
        var admin = CommandsFor(KyotenRoles.Admin, "auditing-admin");
        var bad = await admin.CreateSiteAsync(new SiteInput("Bad Name", "", null, ["198.18.78.0/24"], "hub", "managed", null, null, null), Ct);
        Assert.Contains("name", bad.Errors.Keys);
        Assert.Contains("wanAddress", bad.Errors.Keys); // a hub needs a fixed address: the API's rule

        var good = await admin.CreateSiteAsync(new SiteInput("audited", "", "192.0.2.78", ["198.18.78.0/24"], "mesh", "managed", null, null, null), Ct);
        Assert.True(good.Succeeded);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Actor == "auditing-admin" && a.Action == "site.create" && a.EntityId == good.Value!.Site.Id.ToString(), Ct));
    }
}
