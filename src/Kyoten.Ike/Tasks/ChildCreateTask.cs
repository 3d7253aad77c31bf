using System.Buffers.Binary;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// An additional CHILD SA (RFC 7296 §1.3.1):
/// <code>
/// HDR, SK {SA, Ni, [KEi], TSi, TSr} -->
///                      &lt;-- HDR, SK {SA, Nr, [KEr], TSi, TSr}
/// </code>
/// </summary>
internal sealed class ChildCreateTask : IkeTask, IDisposable
{
    private ChildOffer? _offer;
    private int _retries;

    public override ExchangeType Exchange => ExchangeType.CreateChildSa;

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        _offer ??= new ChildOffer(sa, inIkeAuth: false);
        return _offer.Payloads(sa);
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (RetryWithGroup(_offer!, response, ref _retries))
        {
            return TaskOutcome.Retry;
        }

        var nr = response.Get<NoncePayload>()?.Data ?? [];
        var child = _offer!.Complete(sa, response, _offer.Nonce, nr, out var failure);
        if (child is null)
        {
            sa.Context.Raise(new Failed(sa.Peer.Name, failure!));
            _offer.AbandonIfPeerInstalled(sa, response);
            return TaskOutcome.Done;
        }

        sa.AddChild(child);
        sa.Context.Raise(new ChildSaEstablished(sa.Peer.Name, child.InboundSpi, child.OutboundSpi, child.Algorithms));
        return TaskOutcome.Done;
    }

    /// <summary>RFC 7296 §1.3: on INVALID_KE_PAYLOAD retry once with the group the responder named.</summary>
    public static bool RetryWithGroup(ChildOffer offer, IkeMessage response, ref int retries)
    {
        if (response.GetNotify(NotifyType.InvalidKePayload) is not { Data.Length: 2 } notify || ++retries > 2)
        {
            return false;
        }

        var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(notify.Data);
        bool offered = offer.Proposals.Exists(p => p.Transforms.Any(t => t.Type == TransformType.KeyExchange && t.Id == (ushort)wanted));
        if (!offered || wanted == offer.Group)
        {
            return false;
        }

        offer.Group = wanted;
        return true;
    }

    /// <summary>CREATE_CHILD_SA responder for a new (not rekeyed) CHILD SA.</summary>
    public static List<IkePayload> Respond(IkeSa sa, IkeMessage request)
    {
        var ni = request.Get<NoncePayload>()!.Data;
        var child = ChildAnswer.Answer(sa, request, ni, sa.Context.RandomBytes(32), inIkeAuth: false, out var payloads);
        if (child is not null)
        {
            sa.AddChild(child);
            sa.Context.Raise(new ChildSaEstablished(sa.Peer.Name, child.InboundSpi, child.OutboundSpi, child.Algorithms));
        }

        return payloads;
    }

    public void Dispose() => _offer?.Dispose();
}
