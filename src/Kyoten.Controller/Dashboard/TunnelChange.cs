namespace Kyoten.Controller.Dashboard;

/// <summary>One tunnel touched by a change.</summary>
public sealed record TunnelChange(string Tunnel, TunnelChangeKind Kind, string Detail);
