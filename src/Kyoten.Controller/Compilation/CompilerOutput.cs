using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Controller.Compilation;

/// <summary>Per managed site its config (revision 0: the reconciler numbers them), the tunnel list, and what could not be linked.</summary>
internal sealed record CompilerOutput(
    IReadOnlyDictionary<Guid, AgentConfig> Configs,
    IReadOnlyList<CompiledTunnel> Tunnels,
    IReadOnlyList<string> Warnings);
