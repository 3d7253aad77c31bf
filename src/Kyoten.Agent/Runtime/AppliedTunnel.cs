namespace Kyoten.Agent.Runtime;

/// <summary>A running tunnel and what it was made from, to tell unchanged from changed on the next apply.</summary>
internal sealed record AppliedTunnel(Contracts.Agent.V1.Tunnel Source, string SharedKey, string EnginePeer, string PeerAddress, bool RoutesLan);
