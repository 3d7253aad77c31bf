using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Dashboard;

/// <summary>A site on the overview picture.</summary>
public sealed record TopologyNode(Guid Id, string Name, AgentConnectionState? AgentState);
