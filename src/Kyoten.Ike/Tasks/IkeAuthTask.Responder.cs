using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

internal sealed partial class IkeAuthTask
{
    /// <summary>IKE_AUTH responder: pick the peer config by IDi, verify AUTH, answer with ours and the first CHILD SA.</summary>
    public static List<IkePayload> Respond(IkeSa sa, IkeMessage request)
    {
        if (sa.State != IkeSaState.Authenticating)
        {
            // A second IKE_AUTH (multiple authentication rounds, RFC 4739) is not supported.
            return TaskManager.Notify(NotifyType.InvalidSyntax);
        }

        var idi = (IdPayload)request.Get(PayloadType.IdInitiator)!;
        var peer = FindPeer(sa, idi);
        string reason = "no peer configured for identity " + idi.IdType;
        if (peer is null || !Authenticator.Verify(sa, peer, request, idi, peerIsInitiator: true, out reason))
        {
            sa.Context.Raise(new AuthFailed(sa.Peer.Name, reason));

            // RFC 7296 §2.21.2: answer AUTHENTICATION_FAILED and forget the IKE SA.
            sa.DestroyAfterResponse = reason;
            return TaskManager.Notify(NotifyType.AuthenticationFailed);
        }

        sa.Peer = peer;
        if (request.GetNotify(NotifyType.InitialContact) is not null)
        {
            // RFC 7296 §2.4: the peer restarted; IKE SAs we still hold with it are stale.
            foreach (var stale in sa.Context.Sas.Values.Where(other => other != sa && other.Peer.Name == peer.Name && other.IsEstablished).ToList())
            {
                stale.Destroy(ReplacedReason);
            }
        }

        // RFC 7296 §3.7: the initiator's CERTREQ travels in IKE_AUTH.
        sa.PeerCertificateRequests = CertificateChooser.RequestedAuthorities(request.Payloads);
        var idr = new IdPayload(false) { IdType = peer.LocalId.Type, Data = peer.LocalId.ToWire() };
        var payloads = new List<IkePayload> { idr };
        payloads.AddRange(Authenticator.Build(sa, idr.ToBody(), weAreInitiator: false));
        sa.Establish();
        if (request.Get<SaPayload>() is not null)
        {
            var child = ChildAnswer.Answer(sa, request, sa.Ni, sa.Nr, inIkeAuth: true, out var childPayloads);
            payloads.AddRange(childPayloads);
            if (child is not null)
            {
                sa.AddChild(child);
                sa.Context.Raise(new ChildSaEstablished(sa.Peer.Name, child.InboundSpi, child.OutboundSpi, child.Algorithms));
            }
            else
            {
                sa.Context.Raise(new Failed(sa.Peer.Name, "first CHILD SA refused: " + ((NotifyPayload)childPayloads[0]).NotifyType));
            }
        }

        return payloads;
    }

    public const string ReplacedReason = "replaced after INITIAL_CONTACT";

    /// <summary>The IKE_SA_INIT choice was made by address; IDi may select another config for the same addresses.</summary>
    private static PeerConfig? FindPeer(IkeSa sa, IdPayload idi)
    {
        if (sa.Peer.RemoteId is null || sa.Peer.RemoteId.Matches(idi))
        {
            return sa.Peer;
        }

        foreach (var candidate in sa.Context.Peers.Values)
        {
            if (candidate.RemoteId is { } id && id.Matches(idi) && PeerMatcher.Matches(candidate, sa.Local, sa.Remote))
            {
                return candidate;
            }
        }

        return null;
    }
}
