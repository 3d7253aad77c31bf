using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Control;

/// <summary>
/// Turns an AgentConfig into running tunnels (the IKE daemon and data path implement it). The
/// control plane has already run <see cref="Config.AgentConfigValidator"/>; the applier checks
/// what only it knows. On failure the previous configuration must stay in force. Calls are never
/// concurrent.
/// </summary>
internal interface IConfigApplier
{
    Task<ApplyResult> ApplyAsync(AgentConfig config, CancellationToken cancellationToken);
}
