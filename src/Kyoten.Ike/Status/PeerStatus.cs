namespace Kyoten.Ike.Status;

/// <summary>One configured peer and the IKE SAs it has now (two briefly during a rekey).</summary>
public sealed record PeerStatus(string Name, IReadOnlyList<IkeSaStatus> IkeSas);
