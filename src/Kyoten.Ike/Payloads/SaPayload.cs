namespace Kyoten.Ike.Payloads;

/// <summary>Security Association payload (RFC 7296 §3.3): a list of proposals, strongest first.</summary>
internal sealed class SaPayload : IkePayload
{
    public override PayloadType Type => PayloadType.SecurityAssociation;

    public IReadOnlyList<Proposal> Proposals { get; init; } = [];

    public override int BodyLength
    {
        get
        {
            int length = 0;
            foreach (var proposal in Proposals)
            {
                length += proposal.Length;
            }

            return length;
        }
    }

    public override void WriteBody(Span<byte> destination)
    {
        int offset = 0;
        for (int i = 0; i < Proposals.Count; i++)
        {
            Proposals[i].Write(destination[offset..], i == Proposals.Count - 1);
            offset += Proposals[i].Length;
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out SaPayload? payload, out PayloadError error)
    {
        payload = null;
        var proposals = new List<Proposal>();
        bool last = false;
        while (!last)
        {
            if (!Proposal.TryRead(body, out var proposal, out last, out int used, out error))
            {
                return false;
            }

            proposals.Add(proposal!);
            body = body[used..];
        }

        // RFC 7296 §3.3.1: the last proposal is marked 0; nothing may follow it.
        if (body.Length != 0)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        payload = new SaPayload { Proposals = proposals };
        error = PayloadError.None;
        return true;
    }
}
