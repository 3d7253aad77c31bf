using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>strongSwan-style names of negotiated algorithms, from the one table in <see cref="ProposalNotation"/>.</summary>
internal static class ProposalNames
{
    public static string Format(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity, PrfAlgorithm prf, KeyExchangeMethod ke) =>
        ProposalNotation.Format(new ProposalSpec
        {
            Encryption = encryption,
            KeyBits = keyBits,
            Integrity = integrity,
            Prf = prf,
            KeyExchanges = ke == KeyExchangeMethod.None ? [] : [ke],
        });
}
