using Kyoten.Agent.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kyoten.Agent.Runtime;

/// <summary>Registers the IKE daemon and data path as the agent's applier and telemetry source (before AddAgentControl, which uses TryAdd).</summary>
internal static class RuntimeServices
{
    public static IServiceCollection AddAgentRuntime(this IServiceCollection services)
    {
        services.AddSingleton<AgentRuntime>();
        services.AddSingleton<IConfigApplier>(sp => sp.GetRequiredService<AgentRuntime>());
        services.AddSingleton<ITelemetrySource>(sp => sp.GetRequiredService<AgentRuntime>());
        services.AddHostedService(sp => sp.GetRequiredService<AgentRuntime>());
        return services;
    }
}
