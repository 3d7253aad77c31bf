using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Sa;

/// <summary>One negotiated CHILD SA pair (RFC 7296 §2.17) as the IKE SA tracks it.</summary>
internal sealed class ChildSa
{
    public required uint InboundSpi { get; init; }

    public required uint OutboundSpi { get; init; }

    public required ProtocolId Protocol { get; init; }

    public required ChildMode Mode { get; init; }

    public required ChildAlgorithms Algorithms { get; init; }

    public required byte[] InboundEncryptionKey { get; init; }

    public required byte[] InboundIntegrityKey { get; init; }

    public required byte[] OutboundEncryptionKey { get; init; }

    public required byte[] OutboundIntegrityKey { get; init; }

    public required IReadOnlyList<TrafficSelector> LocalTs { get; init; }

    public required IReadOnlyList<TrafficSelector> RemoteTs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset RekeyAt { get; set; }

    public required DateTimeOffset ExpireAt { get; init; }

    /// <summary>The nonces of the exchange that created it, for collision resolution (RFC 7296 §2.8.1).</summary>
    public required byte[] ExchangeNi { get; init; }

    public required byte[] ExchangeNr { get; init; }

    public ChildSaState State { get; set; } = ChildSaState.Installed;

    public bool DeleteQueued { get; set; }

    /// <summary>Latest totals the host reported (<see cref="IkeEngine.ReportChildUsage"/>).</summary>
    public long BytesUsed { get; set; }

    /// <inheritdoc cref="BytesUsed"/>
    public long PacketsUsed { get; set; }

    /// <summary>A rekey was queued because a volume rekey limit was reached; further reports do not queue another.</summary>
    public bool UsageRekeyQueued { get; set; }

    public ChildSaParameters ToParameters(string peerName, IPEndPoint local, IPEndPoint remote, bool nat, TimeSpan lifetime,
        long lifetimeBytes = 0, long lifetimePackets = 0) => new()
    {
        PeerName = peerName,
        Protocol = Protocol,
        Mode = Mode,
        InboundSpi = InboundSpi,
        OutboundSpi = OutboundSpi,
        Algorithms = Algorithms,
        InboundEncryptionKey = InboundEncryptionKey,
        InboundIntegrityKey = InboundIntegrityKey,
        OutboundEncryptionKey = OutboundEncryptionKey,
        OutboundIntegrityKey = OutboundIntegrityKey,
        LocalTrafficSelectors = LocalTs,
        RemoteTrafficSelectors = RemoteTs,
        LocalEndPoint = local,
        RemoteEndPoint = remote,
        UdpEncapsulation = nat,
        Lifetime = lifetime,
        LifetimeBytes = lifetimeBytes,
        LifetimePackets = lifetimePackets,
    };
}
