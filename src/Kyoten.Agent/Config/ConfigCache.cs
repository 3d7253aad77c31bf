using System.Text;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Config;

/// <summary>The last applied configuration, so the agent keeps its tunnels while the controller is away.</summary>
internal sealed class ConfigCache(StatePaths paths)
{
    /// <summary>Mode 0600: the config may carry PSKs for external gateways.</summary>
    public void Save(AgentConfig config) =>
        AtomicFile.Write(paths.ConfigCache, Encoding.UTF8.GetBytes(AgentConfigJson.Format(config)), AtomicFile.OwnerOnly);

    public bool TryLoad(out AgentConfig config, out IReadOnlyList<string> errors)
    {
        if (!File.Exists(paths.ConfigCache))
        {
            config = new AgentConfig();
            errors = [];
            return false;
        }

        return AgentConfigJson.TryLoad(paths.ConfigCache, out config, out errors);
    }
}
