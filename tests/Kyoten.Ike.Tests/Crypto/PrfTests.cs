using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class PrfTests
{
    // RFC 4231 §4.2 (test case 1): Key = 0x0b × 20, Data = "Hi There".
    [Theory]
    [InlineData(PrfAlgorithm.HmacSha2_256, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData(PrfAlgorithm.HmacSha2_384, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6")]
    [InlineData(PrfAlgorithm.HmacSha2_512, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")]
    public void Compute_Rfc4231Case1_MatchesVector(PrfAlgorithm alg, string expected)
    {
        var prf = Prf.Create(alg);
        var key = Enumerable.Repeat((byte)0x0b, 20).ToArray();
        Assert.Equal(expected, Hex.Of(prf.Compute(key, "Hi There"u8)));
        Assert.Equal(expected.Length / 2, prf.OutputLength);
    }

    // RFC 4231 §4.3 (test case 2): Key = "Jefe", Data = "what do ya want for nothing?".
    [Theory]
    [InlineData(PrfAlgorithm.HmacSha2_256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData(PrfAlgorithm.HmacSha2_384, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")]
    [InlineData(PrfAlgorithm.HmacSha2_512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")]
    public void Compute_Rfc4231Case2_MatchesVector(PrfAlgorithm alg, string expected)
    {
        var prf = Prf.Create(alg);
        var destination = new byte[prf.OutputLength];
        prf.Compute("Jefe"u8, "what do ya want for nothing?"u8, destination);
        Assert.Equal(expected, Hex.Of(destination));
    }

    [Fact]
    public void PrfPlus_FirstBlockIsPrfOfSeedAndOne_SecondChainsThePrevious()
    {
        // RFC 7296 §2.13: T1 = prf(K, S | 0x01), T2 = prf(K, T1 | S | 0x02).
        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);
        byte[] key = [1, 2, 3];
        byte[] seed = [9, 8, 7, 6];
        var t1 = prf.Compute(key, [.. seed, 1]);
        var t2 = prf.Compute(key, [.. t1, .. seed, 2]);

        var output = prf.PrfPlus(key, seed, 40);

        Assert.Equal([.. t1, .. t2.AsSpan(0, 8)], output);
    }

    [Fact]
    public void PrfPlus_MaximumLength_Allowed_OneMoreThrows()
    {
        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);
        Assert.Equal(255 * 32, prf.PrfPlus([1], [2], 255 * 32).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => prf.PrfPlus([1], [2], 255 * 32 + 1));
    }

    [Fact]
    public void Create_UnsupportedAlgorithm_Throws()
    {
        Assert.False(Prf.IsSupported((PrfAlgorithm)2));
        Assert.Throws<NotSupportedException>(() => Prf.Create((PrfAlgorithm)2));
    }
}
