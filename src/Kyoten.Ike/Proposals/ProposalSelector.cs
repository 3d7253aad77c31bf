using Kyoten.Ike.Keying;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Proposals;

/// <summary>
/// Responder's choice (RFC 7296 §2.7): walk OUR proposals in our order and take the first one the
/// peer also offers, so a weaker shared proposal is never picked while a stronger one is shared.
/// Within a type our listed order wins too. The result keeps the peer's proposal number and SPI.
/// </summary>
internal static class ProposalSelector
{
    public static Proposal? Select(IReadOnlyList<Proposal> mine, IReadOnlyList<Proposal> offered, bool forIke)
    {
        foreach (var local in mine)
        {
            foreach (var remote in offered)
            {
                if (remote.Protocol != local.Protocol || !SameTypes(local, remote))
                {
                    continue;
                }

                var chosen = new List<Transform>();
                foreach (var type in TypesOf(local))
                {
                    Transform? pick = null;
                    foreach (var candidate in local.Transforms)
                    {
                        if (candidate.Type == type && !candidate.HasUnknownAttribute && Offers(remote, candidate) && Supported(candidate, local, forIke))
                        {
                            pick = candidate;
                            break;
                        }
                    }

                    if (pick is null)
                    {
                        chosen.Clear();
                        break;
                    }

                    chosen.Add(pick.Value);
                }

                if (chosen.Count > 0)
                {
                    return new Proposal { Number = remote.Number, Protocol = remote.Protocol, Spi = remote.Spi, Transforms = chosen };
                }
            }
        }

        return null;
    }

    /// <summary>Initiator check of a response: exactly one transform per type, each one we offered.</summary>
    public static bool IsAcceptableAnswer(IReadOnlyList<Proposal> offered, Proposal answer)
    {
        foreach (var mine in offered)
        {
            if (mine.Protocol != answer.Protocol || !SameTypes(mine, answer) || answer.Transforms.Count != TypesOf(mine).Count)
            {
                continue;
            }

            bool all = true;
            foreach (var transform in answer.Transforms)
            {
                all &= !transform.HasUnknownAttribute && Offers(mine, transform);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Offers(Proposal proposal, Transform wanted)
    {
        foreach (var transform in proposal.Transforms)
        {
            if (transform.Type == wanted.Type && transform.Id == wanted.Id && transform.KeyLength == wanted.KeyLength && !transform.HasUnknownAttribute)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Supported(Transform transform, Proposal local, bool forIke) => transform.Type switch
    {
        TransformType.KeyExchange => IkeCrypto.IsSupported((KeyExchangeMethod)transform.Id),
        TransformType.Prf => IkeCrypto.IsSupported((PrfAlgorithm)transform.Id),
        TransformType.Encryption => IkeCrypto.IsSupported((EncryptionAlgorithm)transform.Id, transform.KeyLength, local.Find(TransformType.Integrity) is { } i ? (IntegrityAlgorithm)i.Id : IntegrityAlgorithm.None, forIke),
        _ => true,
    };

    private static List<TransformType> TypesOf(Proposal proposal)
    {
        var types = new List<TransformType>();
        foreach (var transform in proposal.Transforms)
        {
            if (!types.Contains(transform.Type))
            {
                types.Add(transform.Type);
            }
        }

        return types;
    }

    private static bool SameTypes(Proposal a, Proposal b)
    {
        var left = TypesOf(a);
        var right = TypesOf(b);
        return left.Count == right.Count && left.TrueForAll(right.Contains);
    }

    public static IkeAlgorithms ToIkeAlgorithms(Proposal proposal) => new(
        (EncryptionAlgorithm)(proposal.Find(TransformType.Encryption)?.Id ?? 0),
        proposal.Find(TransformType.Encryption)?.KeyLength ?? 0,
        (IntegrityAlgorithm)(proposal.Find(TransformType.Integrity)?.Id ?? 0),
        (PrfAlgorithm)(proposal.Find(TransformType.Prf)?.Id ?? 0),
        (KeyExchangeMethod)(proposal.Find(TransformType.KeyExchange)?.Id ?? 0));

    public static ChildAlgorithms ToChildAlgorithms(Proposal proposal) => new(
        (EncryptionAlgorithm)(proposal.Find(TransformType.Encryption)?.Id ?? 0),
        proposal.Find(TransformType.Encryption)?.KeyLength ?? 0,
        (IntegrityAlgorithm)(proposal.Find(TransformType.Integrity)?.Id ?? 0),
        (KeyExchangeMethod)(proposal.Find(TransformType.KeyExchange)?.Id ?? 0),
        proposal.Find(TransformType.ExtendedSequenceNumbers)?.Id == (ushort)ExtendedSequenceNumbers.Yes);
}
