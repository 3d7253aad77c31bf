using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>The algorithms negotiated for an IKE SA.</summary>
public sealed record IkeAlgorithms(EncryptionAlgorithm Encryption, int EncryptionKeyBits, IntegrityAlgorithm Integrity, PrfAlgorithm Prf, KeyExchangeMethod KeyExchange)
{
    public override string ToString() => ProposalNames.Format(Encryption, EncryptionKeyBits, Integrity, Prf, KeyExchange);
}
