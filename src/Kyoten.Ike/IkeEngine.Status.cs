using Kyoten.Ike.Sa;
using Kyoten.Ike.Status;

namespace Kyoten.Ike;

public sealed partial class IkeEngine
{
    /// <summary>A consistent snapshot of all peers, IKE SAs and CHILD SAs (no keys).</summary>
    public IkeEngineStatus GetStatus()
    {
        var peers = new List<PeerStatus>();
        foreach (var peer in _context.Peers.Values)
        {
            var sas = SasOf(peer.Name).Select(sa => new IkeSaStatus(
                sa.State,
                sa.InitiatorSpi,
                sa.ResponderSpi,
                sa.IsOriginalInitiator,
                sa.Algorithms,
                sa.Local,
                sa.Remote,
                sa.NatDetected,
                sa.EstablishedAt,
                sa.RekeyAt,
                [.. sa.Children.Select(c => new ChildSaStatus(
                    c.InboundSpi,
                    c.OutboundSpi,
                    c.Protocol,
                    c.Mode,
                    c.Algorithms,
                    c.LocalTs,
                    c.RemoteTs,
                    c.CreatedAt,
                    c.RekeyAt == DateTimeOffset.MaxValue ? null : c.RekeyAt,
                    c.ExpireAt,
                    c.State.ToString()))])).ToList();
            peers.Add(new PeerStatus(peer.Name, sas));
        }

        return new IkeEngineStatus(peers);
    }
}
