using Kyoten.Controller.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Dashboard;

/// <summary>
/// The one-line enrollment command. The agent must reach the agent endpoint by a name its
/// certificate carries, so the first of <see cref="KyotenOptions.AgentEndpointNames"/> wins;
/// the port is the configured one, or the bound one when configured as 0.
/// </summary>
internal sealed class AgentCommandBuilder(IOptions<KyotenOptions> options, IServer server)
{
    public string ControllerUrl()
    {
        var endpoint = options.Value.AgentEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return "https://<controller>:5443";
        }

        var configured = new Uri(endpoint.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        var port = configured.Port;
        if (port == 0)
        {
            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal));
            port = bound is null ? 0 : new Uri(bound).Port;
        }

        var host = options.Value.AgentEndpointNames.FirstOrDefault()
            ?? (configured.Host is "0.0.0.0" or "[::]" ? System.Net.Dns.GetHostName() : configured.Host);
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        return port is 443 or 0 ? $"https://{host}" : $"https://{host}:{port}";
    }

    public string Command(string token) => $"kyoten-agent enroll --controller {ControllerUrl()} --token {token}";
}
