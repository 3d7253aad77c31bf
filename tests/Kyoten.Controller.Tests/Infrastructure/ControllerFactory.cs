using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>The real controller over a real PostgreSQL database of its own.</summary>
public sealed class ControllerFactory(string connectionString, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("kyoten-ctl-").FullName;

    public string ConnectionString => connectionString;

    public string PasswordFile => Path.Combine(StateDirectory, "initial-admin-password");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Kyoten", connectionString);
        builder.UseSetting("Kyoten:MigrateOnStart", "true");
        builder.UseSetting("Kyoten:InitialAdminPasswordFile", PasswordFile);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
