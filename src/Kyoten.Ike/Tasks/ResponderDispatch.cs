using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>Routes a request on an existing IKE SA to the task that answers it (by exchange and content).</summary>
internal static class ResponderDispatch
{
    public static List<IkePayload> Handle(IkeSa sa, IkeMessage request)
    {
        switch (request.Exchange)
        {
            case ExchangeType.IkeAuth:
                return IkeAuthTask.Respond(sa, request);
            case ExchangeType.CreateChildSa:
                if (!sa.IsEstablished)
                {
                    // RFC 7296 §2.25: not ready (rekeyed or deleting) -> TEMPORARY_FAILURE.
                    return TaskManager.Notify(NotifyType.TemporaryFailure);
                }

                // RFC 7296 §2.25.2: "SHOULD reply with TEMPORARY_FAILURE" to CHILD requests while rekeying the IKE SA.
                bool ikeRekey = request.Get<SaPayload>()!.Proposals.Any(p => p.Protocol == ProtocolId.Ike);
                if (!ikeRekey && sa.Tasks.Active is IkeRekeyTask)
                {
                    return TaskManager.Notify(NotifyType.TemporaryFailure);
                }

                if (request.GetNotify(NotifyType.RekeySa) is { } rekey)
                {
                    return ChildRekeyTask.Respond(sa, request, rekey);
                }

                if (request.Get<SaPayload>()!.Proposals.Any(p => p.Protocol == ProtocolId.Ike))
                {
                    return IkeRekeyTask.Respond(sa, request);
                }

                return ChildCreateTask.Respond(sa, request);
            case ExchangeType.Informational:
                return DeleteTask.Respond(sa, request);
            default:
                return TaskManager.Notify(NotifyType.InvalidSyntax);
        }
    }
}
