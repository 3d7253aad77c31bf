using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Events;

/// <summary>What happened, for telemetry and logs. Never carries keys.</summary>
public abstract record IkeEvent(string PeerName);

public sealed record IkeSaEstablished(string PeerName, ulong InitiatorSpi, ulong ResponderSpi, IkeAlgorithms Algorithms, bool NatDetected) : IkeEvent(PeerName);

public sealed record IkeSaRekeyed(string PeerName, ulong OldInitiatorSpi, ulong OldResponderSpi, ulong InitiatorSpi, ulong ResponderSpi, IkeAlgorithms Algorithms) : IkeEvent(PeerName);

public sealed record IkeSaDeleted(string PeerName, ulong InitiatorSpi, ulong ResponderSpi, string Reason) : IkeEvent(PeerName);

public sealed record ChildSaEstablished(string PeerName, uint InboundSpi, uint OutboundSpi, ChildAlgorithms Algorithms) : IkeEvent(PeerName);

public sealed record ChildSaRekeyed(string PeerName, uint OldInboundSpi, uint InboundSpi, uint OutboundSpi, ChildAlgorithms Algorithms) : IkeEvent(PeerName);

public sealed record ChildSaDeleted(string PeerName, uint InboundSpi, uint OutboundSpi, string Reason) : IkeEvent(PeerName);

/// <summary>The peer's AUTH did not verify, or the peer said AUTHENTICATION_FAILED.</summary>
public sealed record AuthFailed(string PeerName, string Reason) : IkeEvent(PeerName);

/// <summary>An exchange failed (no proposal chosen, peer not answering, TS unacceptable, ...).</summary>
public sealed record Failed(string PeerName, string Reason) : IkeEvent(PeerName);
