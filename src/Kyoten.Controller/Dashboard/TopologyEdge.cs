namespace Kyoten.Controller.Dashboard;

/// <summary>A reported tunnel on the overview picture; A and B are site names, A &lt; B.</summary>
public sealed record TopologyEdge(string A, string B, TunnelState State);
