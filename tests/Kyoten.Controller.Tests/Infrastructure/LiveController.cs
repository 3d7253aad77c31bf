using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>
/// The real controller on real Kestrel, loopback ports picked by the OS: HTTP for the API and
/// the agent endpoint with TLS and client certificates. TestServer cannot do TLS, and the agent
/// endpoint's whole point is mTLS, so gRPC tests go through this.
/// </summary>
public sealed class LiveController : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly IDictionary<string, string?> _settings;

    public LiveController(string connectionString, IDictionary<string, string?>? settings = null)
    {
        _connectionString = connectionString;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(_ => { });
    }

    public string ConnectionString => _connectionString;

    public Uri HttpAddress => Address("http://");

    public Uri AgentAddress => Address("https://");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Kyoten", _connectionString);
        builder.UseSetting("Kyoten:MigrateOnStart", "true");
        builder.UseSetting("Kyoten:InitialAdminPassword", "live-admin-passphrase");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Kyoten:AgentEndpoint", "https://127.0.0.1:0");
        builder.UseSetting("Kyoten:AgentEndpointNames:0", "127.0.0.1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private Uri Address(string scheme)
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single(a => a.StartsWith(scheme, StringComparison.Ordinal)));
    }
}
