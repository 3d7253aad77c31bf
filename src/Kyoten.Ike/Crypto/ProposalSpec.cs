using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// One proposal in strongSwan notation ("aes256gcm16-prfsha256-x25519"), as configured by the
/// controller. IKE proposals carry encryption (+ integrity unless AEAD), optionally an explicit PRF
/// and key exchange methods; ESP proposals carry encryption (+ integrity), optional KE methods (PFS)
/// and ESN; AH proposals carry integrity only.
/// </summary>
public sealed record ProposalSpec
{
    public EncryptionAlgorithm Encryption { get; init; }

    /// <summary>AES key size in bits; 0 when the cipher has no Key Length attribute (ChaCha20-Poly1305, NULL).</summary>
    public int KeyBits { get; init; }

    public IntegrityAlgorithm Integrity { get; init; }

    /// <summary>The PRF written in the proposal ("prfsha256"), or None when implied by the integrity algorithm.</summary>
    public PrfAlgorithm Prf { get; init; }

    /// <summary>Key exchange methods in preference order; empty for ESP/AH without PFS.</summary>
    public IReadOnlyList<KeyExchangeMethod> KeyExchanges { get; init; } = [];

    /// <summary>"esn" → true, "noesn" → false, absent → null (the default, no ESN).</summary>
    public bool? Esn { get; init; }

    public bool IsAead => Encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;

    /// <summary>
    /// The PRF an IKE proposal uses: the explicit one, else the one matching the integrity algorithm
    /// (strongSwan: "aes256-sha256-modp2048" proposes PRF_HMAC_SHA2_256). None when neither is given.
    /// </summary>
    public PrfAlgorithm EffectivePrf => Prf != PrfAlgorithm.None ? Prf : Integrity switch
    {
        IntegrityAlgorithm.HmacSha2_256_128 => PrfAlgorithm.HmacSha2_256,
        IntegrityAlgorithm.HmacSha2_384_192 => PrfAlgorithm.HmacSha2_384,
        IntegrityAlgorithm.HmacSha2_512_256 => PrfAlgorithm.HmacSha2_512,
        _ => PrfAlgorithm.None,
    };

    /// <summary>
    /// True when any transform is one RFC 8247 deprecates (DES/3DES, MD5, SHA-1, MODP below 2048 or
    /// with small subgroups). None of the algorithms we implement is weak; this flags peer proposals
    /// built from raw IANA values, e.g. for telemetry.
    /// </summary>
    public bool IsWeak =>
        (ushort)Encryption is 1 or 2 or 3 or 4 or 5 or 6 or 7 or 9
        || (ushort)Integrity is 1 or 2 or 3 or 4
        || (ushort)Prf is 1 or 2
        || KeyExchanges.Any(k => (ushort)k is 1 or 2 or 5 or 22 or 23 or 24 or 25 or 26);

    /// <summary>
    /// Checks the transform rules of RFC 7296 §3.3.3 for the SA kind: IKE needs a real cipher, a PRF
    /// and at least one key exchange method and takes no ESN; ESP needs a cipher (NULL allowed) and no
    /// PRF; AH takes integrity only. Returns null when valid, else the reason.
    /// </summary>
    public string? Validate(ProposalKind kind) => kind switch
    {
        ProposalKind.Ike when Encryption is EncryptionAlgorithm.None or EncryptionAlgorithm.Null => "an IKE proposal needs an encryption algorithm",
        ProposalKind.Ike when EffectivePrf == PrfAlgorithm.None => "an IKE proposal with an AEAD cipher needs an explicit PRF (e.g. prfsha256)",
        ProposalKind.Ike when KeyExchanges.Count == 0 => "an IKE proposal needs a key exchange method",
        ProposalKind.Ike when Esn is not null => "ESN applies to ESP and AH, not IKE",
        ProposalKind.Esp when Encryption == EncryptionAlgorithm.None => "an ESP proposal needs an encryption algorithm (or null)",
        ProposalKind.Esp or ProposalKind.Ah when Prf != PrfAlgorithm.None => "a PRF belongs to IKE proposals only",
        ProposalKind.Ah when Encryption != EncryptionAlgorithm.None => "an AH proposal takes no encryption algorithm",
        ProposalKind.Ah when Integrity == IntegrityAlgorithm.None => "an AH proposal needs an integrity algorithm",
        _ => null,
    };

    public bool Equals(ProposalSpec? other) =>
        other is not null
        && Encryption == other.Encryption
        && KeyBits == other.KeyBits
        && Integrity == other.Integrity
        && Prf == other.Prf
        && Esn == other.Esn
        && KeyExchanges.SequenceEqual(other.KeyExchanges);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Encryption);
        hash.Add(KeyBits);
        hash.Add(Integrity);
        hash.Add(Prf);
        hash.Add(Esn);
        foreach (var ke in KeyExchanges)
        {
            hash.Add(ke);
        }

        return hash.ToHashCode();
    }

    /// <summary>The proposal in strongSwan notation.</summary>
    public override string ToString() => ProposalNotation.Format(this);
}
