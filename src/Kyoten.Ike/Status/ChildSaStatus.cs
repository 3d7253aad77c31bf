using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Status;

public sealed record ChildSaStatus(
    uint InboundSpi,
    uint OutboundSpi,
    ProtocolId Protocol,
    ChildMode Mode,
    ChildAlgorithms Algorithms,
    IReadOnlyList<TrafficSelector> LocalTrafficSelectors,
    IReadOnlyList<TrafficSelector> RemoteTrafficSelectors,
    DateTimeOffset EstablishedAt,
    DateTimeOffset? NextRekey,
    DateTimeOffset ExpiresAt,
    string State);
