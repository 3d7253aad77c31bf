using System.Globalization;
using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Identity;
using Kyoten.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kyoten.Dashboard.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task The_add_site_form_in_japanese_shows_the_validators_messages_in_japanese()
    {
        await Fleet.AddSiteAsync(Services, "ja-taken", "198.18.95.0/24", "192.0.2.95", Ct);
        var page = await fixture.SignInAdminAsync();
        await OpenAsync(page, "/sites");
        await page.GetByTestId("language").ClickAsync();
        await page.GetByText("日本語").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "概要" })).ToBeVisibleAsync();

        await OpenAsync(page, "/sites/new");
        await FillAsync(page, "name", "bad name!");
        await FillAsync(page, "wan", "192.0.2.96");
        await FillAsync(page, "subnets", "198.18.95.0/25");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToBeVisibleAsync();
        await Expect(page.GetByText("必須：DNS ラベル")).ToBeVisibleAsync();
        await Expect(page.GetByText("拠点 'bad name!' の 198.18.95.0/25 は拠点 'ja-taken' の 198.18.95.0/24 と重なっています")).ToBeVisibleAsync();
        await ShotAsync(page, "add-site-ja-errors");
    }

    [Fact]
    public async Task Validation_messages_follow_the_ui_culture_and_stay_english_by_default()
    {
        var admin = Commands.For(Services, KyotenRoles.Admin, "culture-admin");
        var input = new SiteInput("Bad Name", "", "192.0.2.97", ["198.18.97.1/24"], "mesh", "managed", null, null, null);

        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        try
        {
            var japanese = await admin.CreateSiteAsync(input, Ct);
            Assert.StartsWith("必須：DNS ラベル", japanese.Errors["name"][0], StringComparison.Ordinal);
            Assert.StartsWith("ホスト部が 0 の CIDR 表記", japanese.Errors["lanSubnets[0]"][0], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }

        CommandResult<SiteCreated> english;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            english = await admin.CreateSiteAsync(input, Ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }

        Assert.StartsWith("required: a DNS label", english.Errors["name"][0], StringComparison.Ordinal);
        Assert.StartsWith("an IPv4 or IPv6 prefix in CIDR notation", english.Errors["lanSubnets[0]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rest_api_answers_in_english_unless_accept_language_asks_for_japanese()
    {
        var token = await Commands.For(Services, KyotenRoles.Admin, "rest-admin").RunAsync<ApiTokenEndpoints.ApiTokenCreated>((sp, user) =>
            ApiTokenEndpoints.CreateAsync(new ApiTokenEndpoints.ApiTokenInput("rest-ja", "admin", 1), sp.GetRequiredService<Kyoten.Controller.Data.KyotenDbContext>(),
                sp.GetRequiredService<Kyoten.Controller.Auditing.AuditRecorder>(), sp.GetRequiredService<TimeProvider>(), user, Ct));
        Assert.True(token.Succeeded, token.FirstError);
        using var http = new HttpClient { BaseAddress = fixture.Controller.HttpAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        var bad = new { name = "Bad Name", wanAddress = "192.0.2.98", lanSubnets = new[] { "198.18.98.0/24" } };

        async Task<string> PostAsync(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sites") { Content = System.Net.Http.Json.JsonContent.Create(bad) };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        Assert.Contains("required: a DNS label", await PostAsync(null), StringComparison.Ordinal);
        Assert.Contains("required: a DNS label", await PostAsync("en-US"), StringComparison.Ordinal);
        Assert.Contains("必須：DNS ラベル", System.Text.RegularExpressions.Regex.Unescape(await PostAsync("ja-JP,ja;q=0.9")), StringComparison.Ordinal);
    }
}
