using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Dead peer detection (RFC 7296 §2.4): an empty INFORMATIONAL request.
/// <code>
/// HDR, SK {} -->
///       &lt;-- HDR, SK {}
/// </code>
/// No answer after all retransmissions destroys the IKE SA.
/// </summary>
internal sealed class DpdTask : IkeTask
{
    public override ExchangeType Exchange => ExchangeType.Informational;

    public override string GiveUpReason => "dead peer detection: peer not answering";

    public override List<IkePayload>? BuildRequest(IkeSa sa) => [];

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse) => TaskOutcome.Done;
}
