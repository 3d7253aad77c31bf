using System.Net;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Status;

public sealed record IkeSaStatus(
    IkeSaState State,
    ulong InitiatorSpi,
    ulong ResponderSpi,
    bool IsInitiator,
    IkeAlgorithms? Algorithms,
    IPEndPoint Local,
    IPEndPoint Remote,
    bool NatDetected,
    DateTimeOffset? EstablishedAt,
    DateTimeOffset? NextRekey,
    IReadOnlyList<ChildSaStatus> Children);
