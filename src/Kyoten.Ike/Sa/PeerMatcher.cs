using System.Net;
using Kyoten.Ike.Config;

namespace Kyoten.Ike.Sa;

/// <summary>Which configured peer an unsolicited IKE_SA_INIT belongs to, by addresses (ports float with NAT).</summary>
internal static class PeerMatcher
{
    public static bool Matches(PeerConfig peer, IPEndPoint local, IPEndPoint remote) =>
        (peer.LocalEndPoint.Address.Equals(IPAddress.Any) || peer.LocalEndPoint.Address.Equals(IPAddress.IPv6Any) || peer.LocalEndPoint.Address.Equals(local.Address))
        && (peer.RemoteEndPoint.Address.Equals(IPAddress.Any) || peer.RemoteEndPoint.Address.Equals(IPAddress.IPv6Any) || peer.RemoteEndPoint.Address.Equals(remote.Address));

    public static PeerConfig? Find(IEnumerable<PeerConfig> peers, IPEndPoint local, IPEndPoint remote)
    {
        PeerConfig? wildcard = null;
        foreach (var peer in peers)
        {
            if (!Matches(peer, local, remote))
            {
                continue;
            }

            // A peer with the exact remote address wins over a dynamic (any-address) one.
            if (peer.RemoteEndPoint.Address.Equals(remote.Address))
            {
                return peer;
            }

            wildcard ??= peer;
        }

        return wildcard;
    }
}
