namespace Kyoten.Agent.Ike;

/// <summary>What the daemon knows about a tunnel beyond the engine status, for telemetry.</summary>
internal sealed record TunnelCounters(string Tunnel, string EnginePeer, string PeerAddress, int IkeRekeys, int ChildRekeys);
