using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Events;

/// <summary>
/// Everything the data path needs for one CHILD SA pair (RFC 7296 §2.17): SPIs, per-direction keys,
/// algorithms, mode, protocol, selectors, lifetimes and the outer addresses (UDP-encapsulated when NAT was found).
/// </summary>
public sealed record ChildSaParameters
{
    public required string PeerName { get; init; }

    public required ProtocolId Protocol { get; init; }

    public required ChildMode Mode { get; init; }

    /// <summary>SPI we chose; the peer puts it on packets to us.</summary>
    public required uint InboundSpi { get; init; }

    /// <summary>SPI the peer chose; we put it on packets to the peer.</summary>
    public required uint OutboundSpi { get; init; }

    public required ChildAlgorithms Algorithms { get; init; }

    /// <summary>Key material for packets we receive; AEAD keys end with the 4-octet salt.</summary>
    public required byte[] InboundEncryptionKey { get; init; }

    public required byte[] InboundIntegrityKey { get; init; }

    public required byte[] OutboundEncryptionKey { get; init; }

    public required byte[] OutboundIntegrityKey { get; init; }

    public required IReadOnlyList<TrafficSelector> LocalTrafficSelectors { get; init; }

    public required IReadOnlyList<TrafficSelector> RemoteTrafficSelectors { get; init; }

    public required IPEndPoint LocalEndPoint { get; init; }

    public required IPEndPoint RemoteEndPoint { get; init; }

    /// <summary>True when a NAT was detected: ESP goes in UDP on the NAT-T port (RFC 3948).</summary>
    public required bool UdpEncapsulation { get; init; }

    public required TimeSpan Lifetime { get; init; }

    /// <summary>Hard volume limits (0 = none); the engine deletes the SA when reported usage reaches them.</summary>
    public long LifetimeBytes { get; init; }

    /// <inheritdoc cref="LifetimeBytes"/>
    public long LifetimePackets { get; init; }
}
