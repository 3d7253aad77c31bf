using CsCheck;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class ProposalNotationTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519")]
    [InlineData("aes128gcm16-prfsha384-ecp256")]
    [InlineData("aes256-sha256-modp2048")]
    [InlineData("chacha20poly1305-prfsha256-x25519")]
    [InlineData("aes256gcm16")]
    [InlineData("aes256-sha256")]
    [InlineData("aes256gcm16-x25519")]
    [InlineData("sha256")]
    [InlineData("aes128-sha512-prfsha512-ecp521-modp4096-x448")]
    [InlineData("aes256gcm16-esn")]
    [InlineData("null-sha384-noesn")]
    public void CanonicalText_RoundTrips(string text)
    {
        Assert.True(ProposalNotation.TryParse(text, out var spec, out var error), error);
        Assert.Equal(text, ProposalNotation.Format(spec));
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, ProposalNotation.Parse(spec.ToString()));
    }

    [Fact]
    public void IkeAead_ParsesAllParts()
    {
        var spec = ProposalNotation.Parse("aes256gcm16-prfsha256-x25519");
        Assert.Equal(EncryptionAlgorithm.AesGcm16, spec.Encryption);
        Assert.Equal(256, spec.KeyBits);
        Assert.Equal(IntegrityAlgorithm.None, spec.Integrity);
        Assert.Equal(PrfAlgorithm.HmacSha2_256, spec.Prf);
        Assert.Equal([KeyExchangeMethod.Curve25519], spec.KeyExchanges);
        Assert.True(spec.IsAead);
        Assert.Null(spec.Esn);
        Assert.False(spec.IsWeak);
    }

    [Fact]
    public void ChaChaWithCurve25519Synonym_ParsesToX25519()
    {
        var spec = ProposalNotation.Parse("chacha20poly1305-prfsha256-curve25519");
        Assert.Equal(EncryptionAlgorithm.ChaCha20Poly1305, spec.Encryption);
        Assert.Equal(0, spec.KeyBits);
        Assert.Equal(ProposalNotation.Parse("chacha20poly1305-prfsha256-x25519"), spec);
    }

    [Fact]
    public void CbcWithoutPrf_ImpliesPrfFromIntegrity()
    {
        var spec = ProposalNotation.Parse("aes256-sha256-modp2048");
        Assert.Equal(EncryptionAlgorithm.AesCbc, spec.Encryption);
        Assert.Equal(IntegrityAlgorithm.HmacSha2_256_128, spec.Integrity);
        Assert.Equal(PrfAlgorithm.None, spec.Prf);
        Assert.Equal(PrfAlgorithm.HmacSha2_256, spec.EffectivePrf);
        Assert.Equal([KeyExchangeMethod.Modp2048], spec.KeyExchanges);
    }

    [Fact]
    public void Ah_IsIntegrityOnly()
    {
        var spec = ProposalNotation.Parse("sha256");
        Assert.Equal(EncryptionAlgorithm.None, spec.Encryption);
        Assert.Equal(IntegrityAlgorithm.HmacSha2_256_128, spec.Integrity);
        Assert.Empty(spec.KeyExchanges);
    }

    [Fact]
    public void Synonyms_AndCase_AreAccepted()
    {
        Assert.Equal(ProposalNotation.Parse("aes256gcm16"), ProposalNotation.Parse("AES256GCM128"));
        Assert.Equal(ProposalNotation.Parse("aes128-sha256"), ProposalNotation.Parse("aes-sha2_256"));
    }

    [Theory]
    [InlineData("", "empty proposal")]
    [InlineData("aes256--sha256", "empty algorithm")]
    [InlineData("aes256-sha256-foo", "unknown algorithm 'foo'")]
    [InlineData("aes256-sha1-modp2048", "'sha1' is recognised but not supported: weak")]
    [InlineData("aes256-sha256-modp1024", "'modp1024' is recognised but not supported: weak")]
    [InlineData("3des-sha256", "'3des' is recognised but not supported: weak")]
    [InlineData("aes256ctr-sha256", "'aes256ctr' is recognised but not supported")]
    [InlineData("aes256gcm16-sha256", "AEAD")]
    [InlineData("aes256", "needs an integrity algorithm")]
    [InlineData("aes256-aes128-sha256", "more than one encryption")]
    [InlineData("aes256-sha256-sha384", "more than one integrity")]
    [InlineData("aes256gcm16-prfsha256-prfsha384", "more than one PRF")]
    [InlineData("aes256gcm16-x25519-x25519", "listed twice")]
    [InlineData("aes256gcm16-esn-noesn", "ESN given twice")]
    [InlineData("x25519", "no encryption or integrity")]
    [InlineData("aes256gcm16,", "unknown algorithm")]
    public void Garbage_IsRejectedWithAReason(string text, string reason)
    {
        Assert.False(ProposalNotation.TryParse(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ProposalNotation.Parse(text));
    }

    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", ProposalKind.Ike, null)]
    [InlineData("aes256-sha256-modp2048", ProposalKind.Ike, null)]
    [InlineData("aes256gcm16-x25519", ProposalKind.Ike, "explicit PRF")]
    [InlineData("aes256-sha256", ProposalKind.Ike, "key exchange")]
    [InlineData("null-sha256-modp2048", ProposalKind.Ike, "encryption")]
    [InlineData("aes256gcm16-prfsha256-x25519-esn", ProposalKind.Ike, "ESN")]
    [InlineData("aes256gcm16", ProposalKind.Esp, null)]
    [InlineData("aes256gcm16-x25519-esn", ProposalKind.Esp, null)]
    [InlineData("null-sha256", ProposalKind.Esp, null)]
    [InlineData("sha256", ProposalKind.Esp, "ESP proposal needs an encryption")]
    [InlineData("aes256gcm16-prfsha256", ProposalKind.Esp, "PRF")]
    [InlineData("sha256", ProposalKind.Ah, null)]
    [InlineData("sha512-ecp384-esn", ProposalKind.Ah, null)]
    [InlineData("aes256-sha256", ProposalKind.Ah, "no encryption")]
    public void Validate_AppliesPerKindRules(string text, ProposalKind kind, string? reason)
    {
        var error = ProposalNotation.Parse(text).Validate(kind);
        if (reason is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(reason, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void List_ParsesInOrder_AndFailsOnAnyBadEntry()
    {
        Assert.True(ProposalNotation.TryParseList("aes256gcm16-prfsha256-x25519,aes256-sha256-modp2048", out var specs, out _));
        Assert.Equal(2, specs.Count);
        Assert.Equal(EncryptionAlgorithm.AesCbc, specs[1].Encryption);
        Assert.False(ProposalNotation.TryParseList("aes256gcm16-prfsha256-x25519,aes256-md5", out _, out var error));
        Assert.Contains("md5", error, StringComparison.Ordinal);
    }

    [Fact]
    public void IsWeak_FlagsLegacyIanaValues()
    {
        Assert.True(ProposalNotation.IsWeakToken("MODP1024"));
        Assert.False(ProposalNotation.IsWeakToken("modp2048"));
        var legacy = new ProposalSpec { Encryption = (EncryptionAlgorithm)3, Integrity = (IntegrityAlgorithm)2, KeyExchanges = [(KeyExchangeMethod)2] };
        Assert.True(legacy.IsWeak);
        Assert.False(ProposalNotation.Parse("aes128-sha256-modp2048").IsWeak);
    }

    [Fact]
    public void RandomTokenSoup_NeverThrows_AndAcceptedSpecsRoundTrip()
    {
        string[] tokens = ["aes128", "aes256", "aes256gcm16", "chacha20poly1305", "sha256", "sha384", "prfsha256",
            "x25519", "ecp384", "modp3072", "esn", "noesn", "null", "sha1", "garbage", "", "AES256"];
        Gen.Int[0, tokens.Length - 1].Array[1, 6].Sample(indexes =>
        {
            var text = string.Join('-', indexes.Select(i => tokens[i]));
            if (ProposalNotation.TryParse(text, out var spec, out _))
            {
                Assert.Equal(spec, ProposalNotation.Parse(ProposalNotation.Format(spec)));
            }
        });
    }
}
