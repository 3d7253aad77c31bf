using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Controller.Compilation;

/// <summary>An agent's config at one revision, ready to write on its stream; <see cref="Hash"/> as stored in the agent row.</summary>
internal sealed record CompiledConfig(long Revision, string Hash, ControllerMessage Message);
