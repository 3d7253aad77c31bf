using System.Net;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;

namespace Kyoten.Controller.Tests.Foundation;

public sealed class SignInTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/account/password")]
    public async Task Page_WithoutSignIn_RedirectsToLogin(string path)
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateBrowserClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_RendersFormWithAntiforgery_WithoutSignIn()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/login", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"Input.UserName\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Password\"", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_GeneratedPassword_SignsIn_ThenMustBeChanged()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateBrowserClient();
        var (user, password) = await ReadPasswordFileAsync(factory);
        Assert.Equal("admin", user);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(factory.PasswordFile));

        var login = await SignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/password", LocalTarget(client, login), StringComparison.Ordinal);

        var change = await HtmlForms.SubmitAsync(client, "/account/password", new Dictionary<string, string>
        {
            ["Input.Current"] = password,
            ["Input.New"] = "a-much-better-passphrase",
            ["Input.Confirm"] = "a-much-better-passphrase",
        }, Ct);
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        var home = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Overview", await home.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The one-time password is spent.
        using var other = factory.CreateBrowserClient();
        var reuse = await SignInAsync(other, user, password);
        Assert.Contains("Wrong user name or password", await reuse.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_IsRefused_AndRepeatedFailuresLockTheAccount()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateBrowserClient();
        var (user, password) = await ReadPasswordFileAsync(factory);

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var wrong = await SignInAsync(client, user, "not-the-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var fifth = await SignInAsync(client, user, "not-the-password");
        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Even the right password is refused while the lockout lasts.
        var right = await SignInAsync(client, user, password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredInitialPassword_IsUsed_AndNothingIsWritten()
    {
        await using var factory = new ControllerFactory(
            await postgres.CreateDatabaseAsync(cancellationToken: Ct),
            new Dictionary<string, string?> { ["Kyoten:InitialAdminPassword"] = "configured-passphrase-1", ["Kyoten:InitialAdminUser"] = "ops" });
        using var client = factory.CreateBrowserClient();

        var login = await SignInAsync(client, "ops", "configured-passphrase-1");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", LocalTarget(client, login));
        Assert.False(File.Exists(factory.PasswordFile));
    }

    [Fact]
    public async Task Login_WithForeignReturnUrl_StaysOnThisSite()
    {
        await using var factory = new ControllerFactory(
            await postgres.CreateDatabaseAsync(cancellationToken: Ct),
            new Dictionary<string, string?> { ["Kyoten:InitialAdminPassword"] = "configured-passphrase-1" });
        using var client = factory.CreateBrowserClient();

        var login = await HtmlForms.SubmitAsync(client, "/login?returnUrl=//evil.example/", new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = "configured-passphrase-1",
        }, Ct);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", LocalTarget(client, login));
    }

    /// <summary>The redirect target, which must stay on this site.</summary>
    private static string LocalTarget(HttpClient client, HttpResponseMessage response)
    {
        var target = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.Equal(client.BaseAddress!.Authority, target.Authority);
        return target.PathAndQuery;
    }

    private static async Task<(string User, string Password)> ReadPasswordFileAsync(ControllerFactory factory)
    {
        // The factory creates the host (and the first admin) on first use.
        _ = factory.Server;
        var lines = await File.ReadAllLinesAsync(factory.PasswordFile, Ct);
        return (lines[0], lines[1]);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password) =>
        HtmlForms.SubmitAsync(client, "/login", new Dictionary<string, string>
        {
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }, Ct);
}
