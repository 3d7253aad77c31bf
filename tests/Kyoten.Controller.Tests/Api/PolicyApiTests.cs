using System.Net;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;

namespace Kyoten.Controller.Tests.Api;

public sealed class PolicyApiTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DefaultPolicy_IsSeeded_Strong()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "viewer");

        var policies = await (await api.GetAsync("/api/policies", Ct)).ReadAsync<List<PolicyDto>>();

        var policy = Assert.Single(policies);
        Assert.True(policy.IsDefault);
        Assert.False(policy.IsWeak);
        Assert.Equal("aes256gcm16-prfsha256-x25519", policy.IkeProposals[0]);
    }

    [Fact]
    public async Task WeakPolicy_IsMarkedWeak_AllowedForExternalSites_RefusedForManagedOnes()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");

        var weak = await (await api.PostJsonAsync("/api/policies", new { name = "legacy", ikeVersion = 1, ikeProposals = new[] { "3des-sha1-modp1024" }, childProposals = new[] { "aes128-sha1" }, pfsGroup = "" })).ReadAsync<PolicyDto>();
        Assert.True(weak.IsWeak);

        var external = await api.PostJsonAsync("/api/sites", new { name = "vendor", kind = "external", wanAddress = "203.0.113.9", lanSubnets = new[] { "198.18.9.0/24" }, policyId = weak.Id });
        var managed = await api.PostJsonAsync("/api/sites", new { name = "tokyo", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" }, policyId = weak.Id });

        Assert.Equal(HttpStatusCode.Created, external.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, managed.StatusCode);
        Assert.Contains("weak", await managed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_BadProposalsAndTimers_Are400WithEveryField()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(factory, "admin");

        var response = await api.PostJsonAsync("/api/policies", new { name = "bad", ikeProposals = new[] { "aes256gcm16-prfsha256-x25519", "rot13" }, childProposals = new[] { "aes256gcm16-prfsha256" }, childLifetimeSeconds = 5, protocol = "gre" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(await response.Content.ReadAsStringAsync(Ct), ApiAccess.Json)!;
        Assert.Contains("ikeProposals[1]", problem.Errors.Keys);
        Assert.Contains("childProposals[0]", problem.Errors.Keys);
        Assert.Contains("childLifetimeSeconds", problem.Errors.Keys);
        Assert.Contains("protocol", problem.Errors.Keys);
    }
}
