using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real controller on real Kestrel (loopback, OS-chosen ports) over a real PostgreSQL: the
/// browser needs a real socket, and the agent endpoint a real TLS listener. Same approach as the
/// back-end tests' live host.
/// </summary>
public sealed class LiveDashboard : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "live-admin-passphrase";
    private readonly string _connectionString;
    private readonly string _agentHost;

    /// <param name="agentAddress">Where the agent endpoint listens: loopback, or a root-side veth address when real agents in namespaces enroll.</param>
    public LiveDashboard(string connectionString, System.Net.IPAddress? agentAddress = null)
    {
        _connectionString = connectionString;
        _agentHost = (agentAddress ?? System.Net.IPAddress.Loopback).ToString();
        UseKestrel(_ => { });
    }

    public Uri HttpAddress => Address("http://");

    public Uri AgentAddress => Address("https://");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Package assets (MudBlazor) come from the build manifest; a published app has them in wwwroot.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Kyoten", _connectionString);
        builder.UseSetting("Kyoten:MigrateOnStart", "true");
        builder.UseSetting("Kyoten:InitialAdminPassword", AdminPassword);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Kyoten:AgentEndpoint", $"https://{_agentHost}:0");
        builder.UseSetting("Kyoten:AgentEndpointNames:0", _agentHost);
        builder.UseSetting("Kyoten:AgentKeepaliveSeconds", "5");
    }

    private Uri Address(string scheme)
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single(a => a.StartsWith(scheme, StringComparison.Ordinal)));
    }
}
