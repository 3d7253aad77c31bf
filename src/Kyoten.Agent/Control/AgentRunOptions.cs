using Kyoten.Agent.Config;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Control;

/// <summary>How <c>run</c> was started: with a controller (enrolled state) or standalone from a validated file.</summary>
internal sealed record AgentRunOptions(StatePaths Paths, string? ConfigFile, AgentConfig? StandaloneConfig)
{
    public bool Standalone => StandaloneConfig is not null;
}
