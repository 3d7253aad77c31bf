using System.Net;
using Kyoten.Controller.Data;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Api;

public sealed class SiteApiTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sites_CreateReadUpdateDelete()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");

        var created = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24", "hub");
        var read = await (await api.GetAsync($"/api/sites/{created.Site.Id}", Ct)).ReadAsync<SiteDto>();
        Assert.Equal("tokyo", read.Name);
        Assert.Equal("hub", read.Role);
        Assert.Equal("managed", read.Kind);
        Assert.False(read.Dynamic);

        var updated = await (await api.PutJsonAsync($"/api/sites/{created.Site.Id}", new { name = "tokyo", wanAddress = "2001:db8::1", lanSubnets = new[] { "198.18.1.0/24", "2001:db8:1::/48" }, role = "mesh" })).ReadAsync<SiteDto>();
        Assert.Equal("2001:db8::1", updated.WanAddress);
        Assert.Equal(["198.18.1.0/24", "2001:db8:1::/48"], updated.LanSubnets);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/sites/{created.Site.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/sites/{created.Site.Id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"tokyo\",\"lanSubnets\":[\"198.18.1.1/24\"]}", "lanSubnets[0]")]
    [InlineData("{\"name\":\"tokyo\",\"lanSubnets\":[\"not-a-cidr\"]}", "lanSubnets[0]")]
    [InlineData("{\"name\":\"tokyo\",\"lanSubnets\":[]}", "lanSubnets")]
    [InlineData("{\"name\":\"<script>\",\"lanSubnets\":[\"198.18.1.0/24\"]}", "name")]
    [InlineData("{\"name\":\"tokyo\",\"wanAddress\":\"bad address!\",\"lanSubnets\":[\"198.18.1.0/24\"]}", "wanAddress")]
    [InlineData("{\"name\":\"tokyo\",\"role\":\"king\",\"lanSubnets\":[\"198.18.1.0/24\"]}", "role")]
    [InlineData("{\"name\":\"tokyo\",\"role\":\"hub\",\"lanSubnets\":[\"198.18.1.0/24\"]}", "wanAddress")]
    [InlineData("{\"name\":\"tokyo\",\"policyId\":\"00000000-0000-0000-0000-000000000001\",\"lanSubnets\":[\"198.18.1.0/24\"]}", "policyId")]
    [InlineData("{\"name\":\"tokyo\",\"lanSubnets\":[\"198.18.0.0/16\",\"198.18.1.0/24\"]}", "lanSubnets[1]")]
    public async Task CreateSite_Invalid_Is400NamingTheField_AndWritesNothing(string json, string field)
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");

        var response = await api.PostAsync("/api/sites", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(await response.Content.ReadAsStringAsync(Ct), ApiAccess.Json)!;
        Assert.Contains(field, problem.Errors.Keys);
        await AssertNothingWrittenAsync(factory);
    }

    [Fact]
    public async Task CreateSite_OverlappingAnotherSite_NamesBothSites()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");
        await Fleet.AddSiteAsync(api, "osaka", "198.51.100.1", "198.18.0.0/16");

        var response = await api.PostJsonAsync("/api/sites", new { name = "tokyo", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(await response.Content.ReadAsStringAsync(Ct), ApiAccess.Json)!;
        var message = Assert.Single(problem.Errors["lanSubnets[0]"]);
        Assert.Contains("'tokyo'", message, StringComparison.Ordinal);
        Assert.Contains("'osaka'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSite_DuplicateName_Is400()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");
        await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");

        var response = await api.PostJsonAsync("/api/sites", new { name = "tokyo", wanAddress = "192.0.2.2", lanSubnets = new[] { "198.18.2.0/24" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileDescription_IsStoredVerbatim_AndReturnedJsonEncoded()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");
        const string hostile = "<script>alert('x')</script> \"quotes\" & ünïcödé ' OR 1=1 --";

        var created = await (await api.PostJsonAsync("/api/sites", new { name = "tokyo", description = hostile, wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" } })).ReadAsync<SiteCreatedDto>();
        var raw = await api.GetStringAsync($"/api/sites/{created.Site.Id}", Ct);

        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Equal(hostile, System.Text.Json.JsonSerializer.Deserialize<SiteDto>(raw, ApiAccess.Json)!.Description);
        var oversized = await api.PostJsonAsync("/api/sites", new { name = "osaka", description = new string('x', 2001), wanAddress = "192.0.2.2", lanSubnets = new[] { "198.18.2.0/24" } });
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
    }

    [Fact]
    public async Task ExternalSite_PskShownOnceOnCreate_NeverReturnedOrAuditedAfterwards()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");

        var created = await Fleet.AddSiteAsync(api, "vendor", "203.0.113.9", "198.18.9.0/24", kind: "external");

        Assert.False(string.IsNullOrEmpty(created.Psk));
        Assert.True(created.Site.HasPsk);
        var list = await api.GetStringAsync("/api/sites", Ct);
        var audit = await api.GetStringAsync("/api/audit", Ct);
        Assert.DoesNotContain(created.Psk!, list, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Psk!, audit, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<KyotenDbContext>().Sites.SingleAsync(Ct);
        Assert.DoesNotContain(created.Psk!, stored.ProtectedPsk!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkingTwoDynamicSites_Is400_SayingToUseAHub()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");
        var x = await Fleet.AddSiteAsync(api, "xray", null, "198.18.1.0/24");
        var y = await Fleet.AddSiteAsync(api, "yankee", null, "198.18.2.0/24");

        var response = await api.PostJsonAsync("/api/topology/links", new { siteA = x.Site.Id, siteB = y.Site.Id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("hub", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var unknown = await api.PostJsonAsync("/api/topology/links", new { siteA = x.Site.Id, siteB = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    private static async Task AssertNothingWrittenAsync(ControllerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        Assert.Equal(0, await db.Sites.CountAsync(Ct));
        Assert.Equal(0, await db.AuditLog.CountAsync(Ct));
    }
}
