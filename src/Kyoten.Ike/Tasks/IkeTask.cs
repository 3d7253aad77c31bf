using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// One concern of the IKE protocol from the initiator's side of one exchange (strongSwan's task
/// design). Responder logic lives beside it as static <c>Respond</c> methods so both halves of a
/// concern share one file.
/// </summary>
internal abstract class IkeTask
{
    public abstract ExchangeType Exchange { get; }

    /// <summary>Assigned by the task manager when the task becomes active.</summary>
    public uint MessageId { get; set; }

    /// <summary>Most tasks need an established IKE SA; the initial ones override this.</summary>
    public virtual bool CanStart(IkeSa sa) => sa.IsEstablished;

    /// <summary>The request payloads, or null when there is nothing left to do (the task is dropped).</summary>
    public abstract List<IkePayload>? BuildRequest(IkeSa sa);

    public abstract TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse);

    /// <summary>Called when retransmissions are exhausted, before the IKE SA is destroyed.</summary>
    public virtual string GiveUpReason => "peer did not answer " + Exchange;
}
