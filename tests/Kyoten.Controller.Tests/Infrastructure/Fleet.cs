namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>Sites through the API, in one line per site.</summary>
internal static class Fleet
{
    public static async Task<SiteCreatedDto> AddSiteAsync(HttpClient api, string name, string? wan, string lan, string role = "mesh", string kind = "managed", Guid? policyId = null)
    {
        var response = await api.PostJsonAsync("/api/sites", new { name, wanAddress = wan, lanSubnets = new[] { lan }, role, kind, policyId });
        return await response.ReadAsync<SiteCreatedDto>();
    }

    public static async Task<string> TokenAsync(HttpClient api, Guid siteId, int maxUses = 1)
    {
        var response = await api.PostJsonAsync($"/api/sites/{siteId}/enrollment-tokens", new { maxUses });
        return (await response.ReadAsync<TokenCreatedDto>()).Secret;
    }
}
