using System.Net;
using System.Net.Http.Headers;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kyoten.Controller.Tests.Api;

public sealed class AuthorizationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/sites")]
    [InlineData("/api/audit")]
    [InlineData("/openapi/v1.json")]
    public async Task Api_WithoutCredentials_Is401_NotARedirect(string path)
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateBrowserClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithUnknownOrMalformedToken_Is401()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "kyt_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sites", Ct)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "<script>");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sites", Ct)).StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotWrite()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var viewer = await ApiAccess.ClientAsync(factory, "viewer");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/sites", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/openapi/v1.json", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync("/api/sites", new { name = "tokyo", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync("/api/api-tokens", new { name = "mine", role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutJsonAsync("/api/topology", new { mode = "explicit" })).StatusCode);
    }

    [Fact]
    public async Task ApiToken_CreatedThroughTheApi_Works_UntilRevoked()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var admin = await ApiAccess.ClientAsync(factory, "admin");
        var created = await (await admin.PostJsonAsync("/api/api-tokens", new { name = "ci", role = "viewer" })).ReadAsync<ApiTokenCreatedDto>();
        Assert.StartsWith("kyt_", created.Secret, StringComparison.Ordinal);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/sites", Ct)).StatusCode);
        Assert.DoesNotContain(created.Secret, await admin.GetStringAsync("/api/api-tokens", Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/api-tokens/{created.Token.Id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sites", Ct)).StatusCode);
    }

    [Fact]
    public async Task AuditLog_RecordsWhoChangedWhat_BeforeAndAfter()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var admin = await ApiAccess.ClientAsync(factory, "admin");
        var site = await Fleet.AddSiteAsync(admin, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await admin.PutJsonAsync($"/api/sites/{site.Site.Id}", new { name = "tokyo", description = "HQ", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" } });

        var audit = await (await admin.GetAsync("/api/audit", Ct)).ReadAsync<List<AuditDto>>();

        Assert.Equal(["site.update", "site.create"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("token:test-admin", a.Actor));
        Assert.Null(audit[1].Before);
        Assert.Contains("\"description\": \"\"", audit[0].Before!, StringComparison.Ordinal);
        Assert.Contains("\"description\": \"HQ\"", audit[0].After!, StringComparison.Ordinal);
    }
}
