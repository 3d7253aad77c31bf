namespace Kyoten.Controller.Compilation;

/// <summary>
/// Checks proposals in strongSwan's notation ("aes256gcm16-prfsha256-x25519"): tokens joined by
/// '-', each an encryption, integrity, PRF or key exchange algorithm. Our own small table, since
/// the controller must not use the IKE library. Never throws on hostile input.
/// </summary>
internal static class ProposalParser
{
    private enum Part
    {
        Aead,
        Cipher,
        Integrity,
        Prf,
        KeyExchange,
        Esn,
    }

    // Weak: broken or below 112-bit strength (RFC 8247 §2 MUST NOT / SHOULD NOT; RFC 8221 §5).
    private static readonly Dictionary<string, (Part Part, bool Weak)> Algorithms = new(StringComparer.Ordinal)
    {
        ["aes128gcm16"] = (Part.Aead, false), ["aes192gcm16"] = (Part.Aead, false), ["aes256gcm16"] = (Part.Aead, false),
        ["aes128gcm12"] = (Part.Aead, false), ["aes256gcm12"] = (Part.Aead, false),
        ["aes128gcm8"] = (Part.Aead, true), ["aes256gcm8"] = (Part.Aead, true),
        ["aes128ccm16"] = (Part.Aead, false), ["aes256ccm16"] = (Part.Aead, false),
        ["chacha20poly1305"] = (Part.Aead, false),
        ["aes128"] = (Part.Cipher, false), ["aes192"] = (Part.Cipher, false), ["aes256"] = (Part.Cipher, false),
        ["aes128ctr"] = (Part.Cipher, false), ["aes256ctr"] = (Part.Cipher, false),
        ["3des"] = (Part.Cipher, true), ["des"] = (Part.Cipher, true), ["blowfish"] = (Part.Cipher, true), ["null"] = (Part.Cipher, true),
        ["sha256"] = (Part.Integrity, false), ["sha384"] = (Part.Integrity, false), ["sha512"] = (Part.Integrity, false),
        ["sha1"] = (Part.Integrity, true), ["md5"] = (Part.Integrity, true), ["aesxcbc"] = (Part.Integrity, false),
        ["prfsha256"] = (Part.Prf, false), ["prfsha384"] = (Part.Prf, false), ["prfsha512"] = (Part.Prf, false),
        ["prfsha1"] = (Part.Prf, true), ["prfmd5"] = (Part.Prf, true), ["prfaesxcbc"] = (Part.Prf, false),
        ["x25519"] = (Part.KeyExchange, false), ["curve25519"] = (Part.KeyExchange, false), ["x448"] = (Part.KeyExchange, false),
        ["ecp256"] = (Part.KeyExchange, false), ["ecp384"] = (Part.KeyExchange, false), ["ecp521"] = (Part.KeyExchange, false),
        ["modp2048"] = (Part.KeyExchange, false), ["modp3072"] = (Part.KeyExchange, false), ["modp4096"] = (Part.KeyExchange, false),
        ["modp6144"] = (Part.KeyExchange, false), ["modp8192"] = (Part.KeyExchange, false),
        ["modp768"] = (Part.KeyExchange, true), ["modp1024"] = (Part.KeyExchange, true), ["modp1536"] = (Part.KeyExchange, true),
        ["esn"] = (Part.Esn, false), ["noesn"] = (Part.Esn, false),
    };

    /// <summary>True for a known algorithm that is weak (the dashboard flags negotiated ones).</summary>
    public static bool IsWeakAlgorithm(string token) => Algorithms.TryGetValue(token, out var a) && a.Weak;

    public static bool IsKeyExchange(string token) => Algorithms.TryGetValue(token, out var a) && a.Part == Part.KeyExchange;

    public static ProposalCheck Check(string? proposal, ProposalKind kind)
    {
        if (string.IsNullOrEmpty(proposal) || proposal.Length > 200)
        {
            return ProposalCheck.Invalid("must be 1-200 characters");
        }

        int aead = 0, cipher = 0, integrity = 0, prf = 0, keyExchange = 0;
        var weak = false;
        foreach (var token in proposal.Split('-'))
        {
            if (!Algorithms.TryGetValue(token, out var algorithm))
            {
                return ProposalCheck.Invalid("unknown algorithm '{0}'", Truncate(token));
            }

            weak |= algorithm.Weak;
            switch (algorithm.Part)
            {
                case Part.Aead: aead++; break;
                case Part.Cipher: cipher++; break;
                case Part.Integrity: integrity++; break;
                case Part.Prf: prf++; break;
                case Part.KeyExchange: keyExchange++; break;
                case Part.Esn when kind == ProposalKind.Ike: return ProposalCheck.Invalid("esn/noesn belong in CHILD proposals");
                default: break;
            }
        }

        var error = kind switch
        {
            ProposalKind.Ike when aead + cipher == 0 => "needs an encryption algorithm",
            ProposalKind.Ike when aead > 0 && cipher > 0 => "mixes AEAD and non-AEAD encryption",
            ProposalKind.Ike when aead > 0 && integrity > 0 => "AEAD needs no integrity algorithm",
            ProposalKind.Ike when aead > 0 && prf == 0 => "AEAD needs a PRF (e.g. prfsha256)",
            ProposalKind.Ike when cipher > 0 && integrity == 0 => "needs an integrity algorithm",
            ProposalKind.Ike when keyExchange == 0 => "needs a key exchange method",
            ProposalKind.Esp when prf > 0 => "a PRF belongs in IKE proposals",
            ProposalKind.Esp when aead + cipher == 0 => "needs an encryption algorithm",
            ProposalKind.Esp when aead > 0 && cipher > 0 => "mixes AEAD and non-AEAD encryption",
            ProposalKind.Esp when aead > 0 && integrity > 0 => "AEAD needs no integrity algorithm",
            ProposalKind.Esp when cipher > 0 && integrity == 0 => "needs an integrity algorithm",
            ProposalKind.Ah when aead + cipher + prf > 0 => "AH takes only integrity (and key exchange) algorithms",
            ProposalKind.Ah when integrity == 0 => "needs an integrity algorithm",
            _ => null,
        };
        if (error is null && kind != ProposalKind.Ike && keyExchange > 1)
        {
            error = "at most one key exchange method for PFS";
        }

        return error is null ? new ProposalCheck(true, weak, keyExchange > 0, null) : ProposalCheck.Invalid(error);
    }

    private static string Truncate(string token) => token.Length > 32 ? token[..32] + "…" : token;
}
