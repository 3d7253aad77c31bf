using Kyoten.Ike.Crypto;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>
/// Turns strongSwan notation ("aes256gcm16-prfsha256-x25519", child "aes128-sha256-noesn") into a
/// proposal. Several algorithms of one type may be listed, preferred first. As in strongSwan, an IKE
/// proposal without a PRF takes it from the integrity algorithm, and CHILD proposals get ESN=no
/// unless "esn" is given.
/// </summary>
internal static class ProposalParser
{
    public static bool TryParse(string notation, ProtocolId protocol, out Proposal? proposal, out string? error)
    {
        proposal = null;
        error = null;
        var transforms = new List<Transform>();
        foreach (var token in notation.Trim().ToLowerInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ProposalNotation.TryParseToken(token, out var type, out ushort id, out ushort bits))
            {
                error = $"unknown algorithm '{token}' in '{notation}'";
                return false;
            }

            transforms.Add(new Transform(type, id, bits));
        }

        bool Has(TransformType t) => transforms.Exists(x => x.Type == t);
        bool aead = transforms.Exists(x => x.Type == TransformType.Encryption && (EncryptionAlgorithm)x.Id is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305);
        if (protocol == ProtocolId.Ike)
        {
            if (!Has(TransformType.Prf))
            {
                foreach (var integ in transforms.Where(x => x.Type == TransformType.Integrity).ToList())
                {
                    transforms.Add(new Transform(TransformType.Prf, (ushort)(integ.Id switch
                    {
                        (ushort)IntegrityAlgorithm.HmacSha2_384_192 => PrfAlgorithm.HmacSha2_384,
                        (ushort)IntegrityAlgorithm.HmacSha2_512_256 => PrfAlgorithm.HmacSha2_512,
                        _ => PrfAlgorithm.HmacSha2_256,
                    })));
                }
            }

            if (!Has(TransformType.Encryption) || !Has(TransformType.Prf) || !Has(TransformType.KeyExchange) || (!aead && !Has(TransformType.Integrity)))
            {
                error = $"IKE proposal '{notation}' needs encryption, PRF (or integrity) and a key exchange";
                return false;
            }
        }
        else
        {
            if (protocol == ProtocolId.Ah ? (Has(TransformType.Encryption) || !Has(TransformType.Integrity)) : (!Has(TransformType.Encryption) || (!aead && !Has(TransformType.Integrity))))
            {
                error = $"CHILD proposal '{notation}' does not fit {protocol}";
                return false;
            }

            if (!Has(TransformType.ExtendedSequenceNumbers))
            {
                transforms.Add(new Transform(TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.No));
            }
        }

        // Transforms sorted by type for a canonical wire order; within a type the preference order stays.
        proposal = new Proposal { Protocol = protocol, Transforms = [.. transforms.OrderBy(t => t.Type)] };
        return true;
    }

    public static List<Proposal> ParseAll(IEnumerable<string> notations, ProtocolId protocol)
    {
        var list = new List<Proposal>();
        byte number = 1;
        foreach (var notation in notations)
        {
            if (!TryParse(notation, protocol, out var proposal, out var error))
            {
                throw new ArgumentException(error);
            }

            list.Add(new Proposal { Number = number++, Protocol = protocol, Transforms = proposal!.Transforms });
        }

        return list;
    }
}
