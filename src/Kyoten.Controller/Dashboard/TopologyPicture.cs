namespace Kyoten.Controller.Dashboard;

/// <summary>What the overview draws: at most a bounded number of sites, and the tunnels between them.</summary>
public sealed record TopologyPicture(IReadOnlyList<TopologyNode> Nodes, IReadOnlyList<TopologyEdge> Edges, int HiddenSites);
