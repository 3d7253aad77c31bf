using System.Net;
using System.Net.Security;
using Kyoten.Controller.Agents;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Security;
using Kyoten.Controller.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Kyoten.Controller.Hosting;

/// <summary>
/// The agents' side: CA, config reconciler, gRPC service, LISTEN/NOTIFY fan-out, telemetry
/// ingest, and a second Kestrel endpoint with TLS from our own CA that asks for (but does not
/// demand) client certificates, so Enroll works without one and Connect checks them itself.
/// </summary>
internal static class AgentEndpointExtensions
{
    public static void AddKyotenAgents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CertificateAuthority>();
        services.AddSingleton<CompiledConfigCache>();
        services.AddSingleton<FleetReconciler>();
        services.AddSingleton<AgentSessionRegistry>();
        services.AddSingleton<CertificateRenewer>();
        services.AddSingleton<RenewalSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<RenewalSweep>());
        services.AddSingleton<TelemetryQueue>();
        services.AddSingleton<FleetChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetChangeListener>());
        services.AddHostedService<TelemetryWriter>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        services.AddScoped<EnrollmentService>();
        services.AddScoped<AgentAuthenticator>();
        services.AddScoped<AgentStream>();
        services.AddGrpc(options => options.MaxReceiveMessageSize = 4 * 1024 * 1024);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var agentEndpoint = context.Configuration[$"{KyotenOptions.Section}:{nameof(KyotenOptions.AgentEndpoint)}"] ?? "https://0.0.0.0:5443";
            if (string.IsNullOrWhiteSpace(agentEndpoint))
            {
                return;
            }

            // Listening in code replaces the URL list, so the dashboard's URLs are bound here too.
            var urls = context.Configuration[WebHostDefaults.ServerUrlsKey];
            foreach (var url in (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Listen(kestrel, url, _ => { });
            }

            Listen(kestrel, agentEndpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ =>
                    {
                        var ca = kestrel.ApplicationServices.GetRequiredService<CertificateAuthority>();
                        return ValueTask.FromResult(new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = ca.ServerCertificateContext(),
                            ClientCertificateRequired = true,
                            // Chain, expiry and revocation are checked per call against our CA and the database.
                            RemoteCertificateValidationCallback = (_, _, _, _) => true,
                            ApplicationProtocols = [SslApplicationProtocol.Http2],
                        });
                    },
                });
            });
        });
    }

    public static void MapKyotenAgents(this WebApplication app)
    {
        app.MapGrpcService<AgentGrpcService>().AllowAnonymous();
    }

    private static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions> configure)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            kestrel.ListenLocalhost(uri.Port, configure);
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, uri.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, configure);
        }
    }
}
