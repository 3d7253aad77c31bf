using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Parses and formats proposals in strongSwan's notation (swanctl.conf "proposals"/"esp_proposals"):
/// algorithm tokens joined by '-', several proposals joined by ','. Legacy tokens (3des, sha1,
/// modp1024, ...) are recognised and refused with a reason instead of "unknown".
/// </summary>
public static class ProposalNotation
{
    private static readonly Dictionary<string, IntegrityAlgorithm> IntegrityTokens = new(StringComparer.Ordinal)
    {
        ["sha256"] = IntegrityAlgorithm.HmacSha2_256_128,
        ["sha2_256"] = IntegrityAlgorithm.HmacSha2_256_128,
        ["sha384"] = IntegrityAlgorithm.HmacSha2_384_192,
        ["sha2_384"] = IntegrityAlgorithm.HmacSha2_384_192,
        ["sha512"] = IntegrityAlgorithm.HmacSha2_512_256,
        ["sha2_512"] = IntegrityAlgorithm.HmacSha2_512_256,
    };

    private static readonly Dictionary<string, PrfAlgorithm> PrfTokens = new(StringComparer.Ordinal)
    {
        ["prfsha256"] = PrfAlgorithm.HmacSha2_256,
        ["prfsha384"] = PrfAlgorithm.HmacSha2_384,
        ["prfsha512"] = PrfAlgorithm.HmacSha2_512,
    };

    private static readonly Dictionary<string, KeyExchangeMethod> KeyExchangeTokens = new(StringComparer.Ordinal)
    {
        ["modp2048"] = KeyExchangeMethod.Modp2048,
        ["modp3072"] = KeyExchangeMethod.Modp3072,
        ["modp4096"] = KeyExchangeMethod.Modp4096,
        ["modp8192"] = KeyExchangeMethod.Modp8192,
        ["ecp256"] = KeyExchangeMethod.Ecp256,
        ["ecp384"] = KeyExchangeMethod.Ecp384,
        ["ecp521"] = KeyExchangeMethod.Ecp521,
        ["x25519"] = KeyExchangeMethod.Curve25519,
        ["curve25519"] = KeyExchangeMethod.Curve25519,
        ["x448"] = KeyExchangeMethod.Curve448,
        ["curve448"] = KeyExchangeMethod.Curve448,
    };

    // RFC 8247 MUST NOT / SHOULD NOT algorithms: recognised so the error says why.
    private static readonly HashSet<string> WeakTokens = new(StringComparer.Ordinal)
    {
        "des", "3des", "blowfish", "blowfish128", "blowfish192", "blowfish256", "cast128",
        "md5", "md5_128", "sha1", "sha", "sha1_160", "sha256_96", "sha2_256_96",
        "prfmd5", "prfsha1",
        "modp768", "modp1024", "modp1536", "modp1024s160", "modp2048s224", "modp2048s256", "ecp192", "ecp224",
    };

    // Sound but not implemented here.
    private static readonly HashSet<string> UnsupportedTokens = new(StringComparer.Ordinal)
    {
        "aes128gcm8", "aes192gcm8", "aes256gcm8", "aes128gcm12", "aes192gcm12", "aes256gcm12",
        "aes128gcm64", "aes256gcm64", "aes128gcm96", "aes256gcm96",
        "aes128ctr", "aes192ctr", "aes256ctr", "aes128ccm16", "aes192ccm16", "aes256ccm16",
        "aes128ccm8", "aes256ccm8", "aes128ccm12", "aes256ccm12", "aes128gmac", "aes256gmac",
        "camellia128", "camellia192", "camellia256", "camellia", "twofish", "serpent",
        "aesxcbc", "aescmac", "prfaesxcbc", "prfaescmac", "prfcamelliaxcbc",
        "modp6144", "ecp224bp", "ecp256bp", "ecp384bp", "ecp512bp", "mlkem512", "mlkem768", "mlkem1024",
    };

    /// <summary>Whether a token names an algorithm RFC 8247 forbids or discourages (3des, sha1, modp1024, ...).</summary>
    public static bool IsWeakToken(string token) => WeakTokens.Contains(token.ToLowerInvariant());

    /// <summary>Parses one proposal; on failure <paramref name="error"/> names the offending token.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ProposalSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty proposal";
            return false;
        }

        var encryption = EncryptionAlgorithm.None;
        var keyBits = 0;
        var integrity = IntegrityAlgorithm.None;
        var prf = PrfAlgorithm.None;
        var keyExchanges = new List<KeyExchangeMethod>();
        bool? esn = null;

        foreach (var raw in text.Trim().Split('-'))
        {
            var token = raw.ToLowerInvariant();
            if (token.Length == 0)
            {
                error = $"empty algorithm in '{text}'";
                return false;
            }

            if (TryParseEncryption(token, out var enc, out var bits))
            {
                if (encryption != EncryptionAlgorithm.None)
                {
                    error = $"more than one encryption algorithm ('{token}')";
                    return false;
                }

                (encryption, keyBits) = (enc, bits);
            }
            else if (IntegrityTokens.TryGetValue(token, out var integ))
            {
                if (integrity != IntegrityAlgorithm.None)
                {
                    error = $"more than one integrity algorithm ('{token}')";
                    return false;
                }

                integrity = integ;
            }
            else if (PrfTokens.TryGetValue(token, out var p))
            {
                if (prf != PrfAlgorithm.None)
                {
                    error = $"more than one PRF ('{token}')";
                    return false;
                }

                prf = p;
            }
            else if (KeyExchangeTokens.TryGetValue(token, out var ke))
            {
                if (keyExchanges.Contains(ke))
                {
                    error = $"key exchange '{token}' listed twice";
                    return false;
                }

                keyExchanges.Add(ke);
            }
            else if (token is "esn" or "noesn")
            {
                if (esn is not null)
                {
                    error = "ESN given twice";
                    return false;
                }

                esn = token == "esn";
            }
            else
            {
                error = WeakTokens.Contains(token) ? $"'{raw}' is recognised but not supported: weak (RFC 8247)"
                    : UnsupportedTokens.Contains(token) ? $"'{raw}' is recognised but not supported"
                    : $"unknown algorithm '{raw}'";
                return false;
            }
        }

        var aead = encryption is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;
        if (aead && integrity != IntegrityAlgorithm.None)
        {
            error = "an AEAD cipher takes no integrity algorithm (RFC 5282 §8)";
            return false;
        }

        if (encryption is EncryptionAlgorithm.AesCbc or EncryptionAlgorithm.Null && integrity == IntegrityAlgorithm.None)
        {
            error = "a non-AEAD cipher needs an integrity algorithm";
            return false;
        }

        if (encryption == EncryptionAlgorithm.None && integrity == IntegrityAlgorithm.None)
        {
            error = "no encryption or integrity algorithm";
            return false;
        }

        spec = new ProposalSpec
        {
            Encryption = encryption,
            KeyBits = keyBits,
            Integrity = integrity,
            Prf = prf,
            KeyExchanges = keyExchanges.ToArray(),
            Esn = esn,
        };
        error = null;
        return true;
    }

    /// <summary>Parses a comma-separated list of proposals, most preferred first.</summary>
    public static bool TryParseList(string? text, [NotNullWhen(true)] out IReadOnlyList<ProposalSpec>? specs,
        [NotNullWhen(false)] out string? error)
    {
        specs = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty proposal list";
            return false;
        }

        var list = new List<ProposalSpec>();
        foreach (var part in text.Split(','))
        {
            if (!TryParse(part, out var spec, out error))
            {
                return false;
            }

            list.Add(spec);
        }

        specs = list;
        error = null;
        return true;
    }

    /// <exception cref="FormatException">The text is not a supported proposal.</exception>
    public static ProposalSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new FormatException(error);

    /// <summary>Canonical notation: encryption, integrity, prf, key exchanges, esn.</summary>
    public static string Format(ProposalSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = new List<string>();
        switch (spec.Encryption)
        {
            case EncryptionAlgorithm.AesCbc:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"aes{spec.KeyBits}"));
                break;
            case EncryptionAlgorithm.AesGcm16:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"aes{spec.KeyBits}gcm16"));
                break;
            case EncryptionAlgorithm.ChaCha20Poly1305:
                parts.Add("chacha20poly1305");
                break;
            case EncryptionAlgorithm.Null:
                parts.Add("null");
                break;
            case EncryptionAlgorithm.None:
                break;
            default:
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"encr{(ushort)spec.Encryption}"));
                break;
        }

        if (spec.Integrity != IntegrityAlgorithm.None)
        {
            parts.Add(spec.Integrity switch
            {
                IntegrityAlgorithm.HmacSha2_256_128 => "sha256",
                IntegrityAlgorithm.HmacSha2_384_192 => "sha384",
                IntegrityAlgorithm.HmacSha2_512_256 => "sha512",
                _ => string.Create(CultureInfo.InvariantCulture, $"integ{(ushort)spec.Integrity}"),
            });
        }

        if (spec.Prf != PrfAlgorithm.None)
        {
            parts.Add(spec.Prf switch
            {
                PrfAlgorithm.HmacSha2_256 => "prfsha256",
                PrfAlgorithm.HmacSha2_384 => "prfsha384",
                PrfAlgorithm.HmacSha2_512 => "prfsha512",
                _ => string.Create(CultureInfo.InvariantCulture, $"prf{(ushort)spec.Prf}"),
            });
        }

        foreach (var ke in spec.KeyExchanges)
        {
            parts.Add(ke switch
            {
                KeyExchangeMethod.Curve25519 => "x25519",
                KeyExchangeMethod.Curve448 => "x448",
                KeyExchangeMethod.Modp2048 or KeyExchangeMethod.Modp3072 or KeyExchangeMethod.Modp4096
                    or KeyExchangeMethod.Modp8192 or KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Ecp384
                    or KeyExchangeMethod.Ecp521 => ke.ToString().ToLowerInvariant(),
                _ => string.Create(CultureInfo.InvariantCulture, $"ke{(ushort)ke}"),
            });
        }

        if (spec.Esn is { } esn)
        {
            parts.Add(esn ? "esn" : "noesn");
        }

        return string.Join('-', parts);
    }

    /// <summary>
    /// One token as a transform, for the engine's parser (which allows several algorithms of one type
    /// per proposal). The single table of names: the engine and this parser never disagree.
    /// </summary>
    internal static bool TryParseToken(string token, out TransformType type, out ushort id, out ushort keyBits)
    {
        token = token.ToLowerInvariant();
        keyBits = 0;
        if (TryParseEncryption(token, out var encryption, out var bits))
        {
            (type, id, keyBits) = (TransformType.Encryption, (ushort)encryption, (ushort)bits);
        }
        else if (IntegrityTokens.TryGetValue(token, out var integrity))
        {
            (type, id) = (TransformType.Integrity, (ushort)integrity);
        }
        else if (PrfTokens.TryGetValue(token, out var prf))
        {
            (type, id) = (TransformType.Prf, (ushort)prf);
        }
        else if (KeyExchangeTokens.TryGetValue(token, out var keyExchange))
        {
            (type, id) = (TransformType.KeyExchange, (ushort)keyExchange);
        }
        else if (token is "esn" or "noesn")
        {
            (type, id) = (TransformType.ExtendedSequenceNumbers, (ushort)(token == "esn" ? ExtendedSequenceNumbers.Yes : ExtendedSequenceNumbers.No));
        }
        else
        {
            (type, id) = (0, 0);
            return false;
        }

        return true;
    }

    private static bool TryParseEncryption(string token, out EncryptionAlgorithm encryption, out int keyBits)
    {
        (encryption, keyBits) = token switch
        {
            "aes" or "aes128" => (EncryptionAlgorithm.AesCbc, 128),
            "aes192" => (EncryptionAlgorithm.AesCbc, 192),
            "aes256" => (EncryptionAlgorithm.AesCbc, 256),
            // strongSwan accepts the ICV size in bytes (gcm16) or bits (gcm128).
            "aes128gcm16" or "aes128gcm128" => (EncryptionAlgorithm.AesGcm16, 128),
            "aes192gcm16" or "aes192gcm128" => (EncryptionAlgorithm.AesGcm16, 192),
            "aes256gcm16" or "aes256gcm128" => (EncryptionAlgorithm.AesGcm16, 256),
            "chacha20poly1305" => (EncryptionAlgorithm.ChaCha20Poly1305, 0),
            "null" => (EncryptionAlgorithm.Null, 0),
            _ => (EncryptionAlgorithm.None, 0),
        };
        return encryption != EncryptionAlgorithm.None;
    }
}
