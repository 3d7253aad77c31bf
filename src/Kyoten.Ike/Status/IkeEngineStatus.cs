namespace Kyoten.Ike.Status;

/// <summary>A snapshot of every peer and its SAs, for <c>kyoten-agent status</c> and telemetry.</summary>
public sealed record IkeEngineStatus(IReadOnlyList<PeerStatus> Peers);
