namespace Kyoten.Controller.Dashboard;

/// <summary>A tunnel as seen from one site, with the latest report of its IKE SA.</summary>
public sealed record TunnelRow(string Local, string Peer, TunnelState State, string IkeState, DateTimeOffset? NextRekeyAt, DateTimeOffset? ReportedAt);
