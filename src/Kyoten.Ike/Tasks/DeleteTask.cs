using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// INFORMATIONAL delete (RFC 7296 §1.4.1):
/// <code>
/// HDR, SK {D(ESP, SPI-in)} -->           (CHILD SA: the peer answers with its inbound SPI)
///                       &lt;-- HDR, SK {D(ESP, SPI-in of the peer)}
/// HDR, SK {D(IKE)} -->                   (IKE SA, with all its CHILD SAs)
///                       &lt;-- HDR, SK {}
/// </code>
/// </summary>
internal sealed class DeleteTask : IkeTask
{
    private readonly ChildSa? _child;
    private readonly string _reason;
    private readonly (ProtocolId Protocol, uint Spi)? _abandoned;

    /// <summary>Deletes a CHILD SA the peer installed but we refused (we hold no state for it).</summary>
    public DeleteTask(ProtocolId protocol, uint ourInboundSpi)
    {
        _abandoned = (protocol, ourInboundSpi);
        _reason = "refused";
    }

    public DeleteTask(ChildSa child, string reason = "deleted by us")
    {
        _child = child;
        _reason = reason;
    }

    public DeleteTask(bool deleteIkeSa, string reason = "deleted by us")
    {
        if (!deleteIkeSa)
        {
            throw new InvalidOperationException("bug: use the CHILD SA constructor");
        }

        _reason = reason;
    }

    public ChildSa? Child => _child;

    public override ExchangeType Exchange => ExchangeType.Informational;

    public override bool CanStart(IkeSa sa) => sa.State is IkeSaState.Established or IkeSaState.Rekeyed or IkeSaState.Deleting;

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        if (_abandoned is { } abandoned)
        {
            return [new DeletePayload { Protocol = abandoned.Protocol, Spis = [abandoned.Spi] }];
        }

        if (_child is null)
        {
            if (sa.State != IkeSaState.Rekeyed)
            {
                sa.State = IkeSaState.Deleting;
            }

            return [new DeletePayload { Protocol = ProtocolId.Ike }];
        }

        if (!sa.Children.Contains(_child))
        {
            return null;
        }

        _child.State = ChildSaState.Deleting;
        return [new DeletePayload { Protocol = _child.Protocol, Spis = [_child.InboundSpi] }];
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (_abandoned is not null)
        {
            return TaskOutcome.Done;
        }

        if (_child is null)
        {
            sa.Destroy(_reason);
            return TaskOutcome.Done;
        }

        sa.RemoveChild(_child, _reason);
        return TaskOutcome.Done;
    }

    /// <summary>INFORMATIONAL responder: deletes, or an empty answer (DPD).</summary>
    public static List<IkePayload> Respond(IkeSa sa, IkeMessage request)
    {
        var answer = new List<IkePayload>();
        foreach (var payload in request.Payloads)
        {
            if (payload is not DeletePayload delete)
            {
                continue;
            }

            if (delete.Protocol == ProtocolId.Ike)
            {
                // RFC 7296 §1.4.1: answer with an empty INFORMATIONAL, then the IKE SA and its CHILD SAs are gone.
                sa.DestroyAfterResponse = "deleted by peer";
                return [];
            }

            var ours = new List<uint>();
            foreach (uint spi in delete.Spis)
            {
                if (sa.FindChildByOutbound(spi) is { } child && child.Protocol == delete.Protocol)
                {
                    ours.Add(child.InboundSpi);
                    sa.RemoveChild(child, "deleted by peer");
                }
            }

            if (ours.Count > 0)
            {
                answer.Add(new DeletePayload { Protocol = delete.Protocol, Spis = ours });
            }
        }

        return answer;
    }
}
