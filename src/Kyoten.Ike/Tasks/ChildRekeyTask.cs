using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// CHILD SA rekey (RFC 7296 §1.3.3, §2.8), make-before-break:
/// <code>
/// HDR, SK {N(REKEY_SA, old SPI-in), SA, Ni, [KEi], TSi, TSr} -->
///                                   &lt;-- HDR, SK {SA, Nr, [KEr], TSi, TSr}
/// HDR, SK {D(ESP, old SPI-in)} -->                          (DeleteTask)
/// </code>
/// A simultaneous rekey of the same SA by the peer is resolved by the lowest nonce (§2.8.1).
/// </summary>
internal sealed class ChildRekeyTask(ChildSa old) : IkeTask, IDisposable
{
    private ChildOffer? _offer;
    private int _retries;

    /// <summary>The CHILD SA the peer's colliding rekey created on our side, if any.</summary>
    public ChildSa? PeerReplacement { get; set; }

    public ChildSa Old => old;

    public override ExchangeType Exchange => ExchangeType.CreateChildSa;

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        if (!sa.Children.Contains(old) || old.State is not (ChildSaState.Installed or ChildSaState.Rekeying))
        {
            return null;
        }

        old.State = ChildSaState.Rekeying;
        _offer ??= new ChildOffer(sa, inIkeAuth: false, old.LocalTs, old.RemoteTs);
        var payloads = _offer.Payloads(sa);
        var spi = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(spi, old.InboundSpi);
        payloads.Insert(0, new NotifyPayload { Protocol = old.Protocol, Spi = spi, NotifyType = NotifyType.RekeySa });
        return payloads;
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (ChildCreateTask.RetryWithGroup(_offer!, response, ref _retries))
        {
            return TaskOutcome.Retry;
        }

        var nr = response.Get<NoncePayload>()?.Data ?? [];
        var child = _offer!.Complete(sa, response, _offer.Nonce, nr, out var failure);
        if (child is null)
        {
            _offer.AbandonIfPeerInstalled(sa, response);
            if (PeerReplacement is { } replacement)
            {
                // The peer finished its rekey of the same SA first and refused ours (TEMPORARY_FAILURE): theirs stands.
                old.State = ChildSaState.Rekeyed;
                sa.Context.Raise(new ChildSaRekeyed(sa.Peer.Name, old.InboundSpi, replacement.InboundSpi, replacement.OutboundSpi, replacement.Algorithms));
                return TaskOutcome.Done;
            }

            if (old.State == ChildSaState.Rekeying && sa.Children.Contains(old))
            {
                // Try again later; the hard lifetime still ends the SA if rekeying keeps failing.
                old.State = ChildSaState.Installed;
                old.RekeyAt = sa.Context.Now + IkeRekeyTask.RetryDelay(sa);
            }

            if (response.GetNotify(NotifyType.ChildSaNotFound) is null && response.GetNotify(NotifyType.TemporaryFailure) is null)
            {
                sa.Context.Raise(new Failed(sa.Peer.Name, "CHILD SA rekey failed: " + failure));
            }

            return TaskOutcome.Done;
        }

        sa.AddChild(child);
        if (PeerReplacement is { } theirs && NonceOrder.HoldsLowest(child.ExchangeNi, child.ExchangeNr, theirs.ExchangeNi, theirs.ExchangeNr))
        {
            // We lost the collision: our new SA is the redundant one and we delete it; the peer deletes the old one.
            old.State = ChildSaState.Rekeyed;
            sa.Context.Raise(new ChildSaRekeyed(sa.Peer.Name, old.InboundSpi, theirs.InboundSpi, theirs.OutboundSpi, theirs.Algorithms));
            sa.Tasks.Queue(new DeleteTask(child, "redundant after rekey collision"), first: true);
            return TaskOutcome.Done;
        }

        old.State = ChildSaState.Rekeyed;
        sa.Context.Raise(new ChildSaRekeyed(sa.Peer.Name, old.InboundSpi, child.InboundSpi, child.OutboundSpi, child.Algorithms));
        sa.Tasks.Queue(new DeleteTask(old, "rekeyed"), first: true);
        return TaskOutcome.Done;
    }

    /// <summary>CREATE_CHILD_SA responder with N(REKEY_SA): the notify carries the peer's inbound (our outbound) SPI.</summary>
    public static List<IkePayload> Respond(IkeSa sa, IkeMessage request, NotifyPayload rekey)
    {
        if (rekey.Spi.Length != 4 || sa.FindChildByOutbound(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi)) is not { } old)
        {
            return [new NotifyPayload { Protocol = rekey.Protocol, Spi = rekey.Spi, NotifyType = NotifyType.ChildSaNotFound }];
        }

        if (old.State is ChildSaState.Rekeyed or ChildSaState.Deleting)
        {
            return TaskManager.Notify(NotifyType.TemporaryFailure);
        }

        var ni = request.Get<NoncePayload>()!.Data;
        var child = ChildAnswer.Answer(sa, request, ni, sa.Context.RandomBytes(32), inIkeAuth: false, out var payloads, old.LocalTs);
        if (child is null)
        {
            return payloads;
        }

        sa.AddChild(child);
        var ours = sa.Tasks.Active as ChildRekeyTask;
        if (old.State == ChildSaState.Rekeying && ours is not null && ours.Old == old)
        {
            // Collision: our own rekey of this SA is in flight; it decides when its answer arrives.
            ours.PeerReplacement = child;
        }
        else
        {
            old.State = ChildSaState.Rekeyed;
            sa.Context.Raise(new ChildSaRekeyed(sa.Peer.Name, old.InboundSpi, child.InboundSpi, child.OutboundSpi, child.Algorithms));
        }

        return payloads;
    }

    public void Dispose() => _offer?.Dispose();
}
