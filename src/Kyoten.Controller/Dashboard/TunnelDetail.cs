namespace Kyoten.Controller.Dashboard;

/// <summary>Both ends of a tunnel, its policy and its rekey history.</summary>
public sealed record TunnelDetail(string A, string B, string Policy, bool WeakPolicy, TunnelEnd EndA, TunnelEnd EndB, IReadOnlyList<EventRow> History);
