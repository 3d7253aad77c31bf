namespace Kyoten.Controller.Dashboard;

/// <summary>Aggregate counts for the overview, all computed in SQL.</summary>
public sealed record FleetCounts(int Sites, int Agents, int AgentsConnected, int TunnelsUp, int TunnelsDown, int RekeyDueSoon);
