using Kyoten.Agent.Config;
using Kyoten.Agent.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Kyoten.Agent.Control;

/// <summary>
/// The daemon's composition. The IKE daemon replaces the stand-in applier by registering its own
/// <see cref="IConfigApplier"/> and <see cref="ITelemetrySource"/> before calling this (TryAdd).
/// </summary>
internal static class AgentServices
{
    public static IServiceCollection AddAgentControl(this IServiceCollection services, AgentRunOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Paths);
        services.AddSingleton<RunOutcome>();
        services.AddSingleton<ConfigCache>();
        services.TryAddSingleton<LoggingConfigApplier>();
        services.TryAddSingleton<IConfigApplier>(sp => sp.GetRequiredService<LoggingConfigApplier>());
        services.TryAddSingleton<ITelemetrySource>(sp => sp.GetRequiredService<LoggingConfigApplier>());
        services.AddSingleton<ConfigPipeline>();
        services.AddSingleton<AgentEventChannel>();
        services.AddSingleton<IAgentEvents>(sp => sp.GetRequiredService<AgentEventChannel>());
        services.AddSingleton(sp => new ReconnectBackoff(sp.GetRequiredService<TimeProvider>(), Random.Shared));
        services.AddSingleton<StatusServer>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusServer>());
        if (options.Standalone)
        {
            services.AddSingleton<StandaloneConfigService>();
            services.AddHostedService(sp => sp.GetRequiredService<StandaloneConfigService>());
        }
        else
        {
            services.AddSingleton<ControllerLink>();
            services.AddHostedService<ControllerLinkService>();
        }

        return services;
    }
}
