using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Controller.Dashboard;

/// <summary>A site in the list, with its agent's connection state.</summary>
public sealed record SiteRow(Guid Id, string Name, string? WanAddress, SiteRole Role, SiteKind Kind, IReadOnlyList<string> LanSubnets, AgentConnectionState? AgentState, DateTimeOffset? LastSeenAt);
