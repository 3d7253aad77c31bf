using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// IKE_AUTH with the first CHILD SA (RFC 7296 §1.2):
/// <code>
/// HDR, SK {IDi, [IDr,] AUTH, [N(USE_TRANSPORT_MODE),] SA2i, TSi, TSr} -->
///                                  &lt;-- HDR, SK {IDr, AUTH, [N(USE_TRANSPORT_MODE),] SA2r, TSi, TSr}
/// </code>
/// A CHILD SA failure (N(NO_PROPOSAL_CHOSEN), N(TS_UNACCEPTABLE)) leaves the IKE SA up (RFC 7296 §2.21.2).
/// </summary>
internal sealed partial class IkeAuthTask : IkeTask, IDisposable
{
    private ChildOffer? _child;

    public override ExchangeType Exchange => ExchangeType.IkeAuth;

    public override bool CanStart(IkeSa sa) => sa.State == IkeSaState.Authenticating;

    public override string GiveUpReason => "peer did not answer IKE_AUTH";

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        var peer = sa.Peer;
        var idi = new IdPayload(true) { IdType = peer.LocalId.Type, Data = peer.LocalId.ToWire() };
        var payloads = new List<IkePayload> { idi };
        if (peer.RemoteId is { } remoteId)
        {
            payloads.Add(new IdPayload(false) { IdType = remoteId.Type, Data = remoteId.ToWire() });
        }

        payloads.AddRange(Authenticator.Build(sa, idi.ToBody(), weAreInitiator: true));
        if (Authenticator.CertificateRequest(peer) is { } certReq)
        {
            payloads.Add(certReq);
        }

        payloads.Add(new NotifyPayload { NotifyType = NotifyType.InitialContact });
        _child ??= new ChildOffer(sa, inIkeAuth: true);
        payloads.AddRange(_child.Payloads(sa));
        return payloads;
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (response.GetNotify(NotifyType.AuthenticationFailed) is not null)
        {
            sa.Context.Raise(new AuthFailed(sa.Peer.Name, "peer sent AUTHENTICATION_FAILED"));
            return TaskOutcome.DestroySa;
        }

        var idr = response.Get(PayloadType.IdResponder) as IdPayload;
        var auth = response.Get<AuthPayload>();
        if (idr is null || auth is null)
        {
            var error = response.FirstError();
            sa.Context.Raise(new Failed(sa.Peer.Name, "IKE_AUTH refused: " + (error?.NotifyType.ToString() ?? "no AUTH")));
            return TaskOutcome.DestroySa;
        }

        if (sa.Peer.RemoteId is { } expected && !expected.Matches(idr))
        {
            sa.Context.Raise(new AuthFailed(sa.Peer.Name, "peer identity does not match " + expected));
            return TaskOutcome.DestroySa;
        }

        if (!Authenticator.Verify(sa, sa.Peer, response, idr, peerIsInitiator: false, out var reason))
        {
            sa.Context.Raise(new AuthFailed(sa.Peer.Name, reason));
            return TaskOutcome.DestroySa;
        }

        sa.Establish();
        var child = _child!.Complete(sa, response, sa.Ni, sa.Nr, out var failure);
        if (child is null)
        {
            sa.Context.Raise(new Failed(sa.Peer.Name, failure!));
            _child!.AbandonIfPeerInstalled(sa, response);
        }
        else
        {
            sa.AddChild(child);
            sa.Context.Raise(new ChildSaEstablished(sa.Peer.Name, child.InboundSpi, child.OutboundSpi, child.Algorithms));
        }

        return TaskOutcome.Done;
    }

    public void Dispose() => _child?.Dispose();
}
