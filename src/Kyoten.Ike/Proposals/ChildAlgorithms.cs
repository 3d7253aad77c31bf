using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>The algorithms negotiated for a CHILD SA; <see cref="KeyExchange"/> is the PFS group or None.</summary>
public sealed record ChildAlgorithms(EncryptionAlgorithm Encryption, int EncryptionKeyBits, IntegrityAlgorithm Integrity, KeyExchangeMethod KeyExchange, bool ExtendedSequenceNumbers)
{
    public override string ToString() => ProposalNames.Format(Encryption, EncryptionKeyBits, Integrity, PrfAlgorithm.None, KeyExchange) + (ExtendedSequenceNumbers ? "-esn" : string.Empty);
}
