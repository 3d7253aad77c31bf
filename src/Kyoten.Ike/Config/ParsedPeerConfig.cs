using System.Runtime.CompilerServices;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Config;

/// <summary>
/// A peer's proposal and traffic-selector strings parsed once. Every handshake needs them; parsing
/// the notation per exchange was a measurable share of a PSK handshake. Keyed on the
/// <see cref="PeerConfig"/> instance (records are immutable), so a changed configuration is a new
/// instance and is parsed afresh. The lists are shared: callers must not mutate them.
/// </summary>
internal sealed class ParsedPeerConfig
{
    private static readonly ConditionalWeakTable<PeerConfig, ParsedPeerConfig> Cache = [];

    private ParsedPeerConfig(PeerConfig peer)
    {
        IkeProposals = ProposalParser.ParseAll(peer.IkeProposals, ProtocolId.Ike);
        ChildProposals = ProposalParser.ParseAll(peer.ChildProposals, peer.ChildProtocol);
        LocalSelectors = ToSelectors(peer.LocalTrafficSelectors);
        RemoteSelectors = ToSelectors(peer.RemoteTrafficSelectors);
    }

    public IReadOnlyList<Proposal> IkeProposals { get; }

    public IReadOnlyList<Proposal> ChildProposals { get; }

    public IReadOnlyList<TrafficSelector> LocalSelectors { get; }

    public IReadOnlyList<TrafficSelector> RemoteSelectors { get; }

    /// <exception cref="ArgumentException">A proposal or selector does not parse (AddPeer reports it).</exception>
    public static ParsedPeerConfig Of(PeerConfig peer) => Cache.GetValue(peer, static p => new ParsedPeerConfig(p));

    private static TrafficSelector[] ToSelectors(IReadOnlyList<TrafficSelectorConfig> configs)
    {
        var selectors = new TrafficSelector[configs.Count];
        for (int i = 0; i < selectors.Length; i++)
        {
            selectors[i] = configs[i].ToSelector();
        }

        return selectors;
    }
}
