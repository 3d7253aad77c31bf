using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class KeyExchangeTests
{
    public static TheoryData<KeyExchangeMethod> AllMethods =>
    [
        KeyExchangeMethod.Modp2048, KeyExchangeMethod.Modp3072, KeyExchangeMethod.Modp4096, KeyExchangeMethod.Modp8192,
        KeyExchangeMethod.Ecp256, KeyExchangeMethod.Ecp384, KeyExchangeMethod.Ecp521,
        KeyExchangeMethod.Curve25519, KeyExchangeMethod.Curve448,
    ];

    // RFC 5903 §8.1, §8.2, §8.3: i, g^i = (gix, giy), r, g^r = (grx, gry), g^ir = girx.
    public static TheoryData<KeyExchangeMethod, string, string, string, string, string> Rfc5903 => new()
    {
        {
            KeyExchangeMethod.Ecp256,
            "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
            "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180"
            + "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
            "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
            "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
            + "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
            "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE"
        },
        {
            KeyExchangeMethod.Ecp384,
            "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655 E35B5380 41E649EE 3FAEF896 783AB194",
            "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6 DE3AC808 ACB4BDB4 C88732AE E95F41AA"
            + "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E EB9FCFF3 C2C947DA E69B4C63 4573A81C",
            "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942 E0308312 916B8ED2 960E4BD5 5A7448FC",
            "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D 0D1AC43A 0336DEF9 6FDA41D0 774A3571"
            + "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF F83FA401 42209DFF 5EAAD96D B9E6386C",
            "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4 D6031355 69B9E9D0 9CF5D4A2 70F59746"
        },
        {
            KeyExchangeMethod.Ecp521,
            "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0 95AA85A3 0FE1C295 2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D 4A52",
            "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE E1E3BF42 E00B8E38 0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C ED3E"
            + "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A D8A78801 5AC405D7 799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
            "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E 9C677D60 0B343757 A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
            "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21 9B97C356 436ADC6E 95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9 460F"
            + "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87 220B6536 C5C408A1 D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F C56A",
            "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04 D1427E73 CA4BAA24 0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc5903))]
    public void Ecp_Rfc5903Vectors(KeyExchangeMethod method, string i, string gi, string r, string gr, string gir)
    {
        using var initiator = KeyExchangeFactory.CreateWithPrivateKey(method, Hex.Bytes(i));
        using var responder = KeyExchangeFactory.CreateWithPrivateKey(method, Hex.Bytes(r));

        Assert.Equal(Hex.Bytes(gi), initiator.PublicValue.ToArray());
        Assert.Equal(Hex.Bytes(gr), responder.PublicValue.ToArray());
        Assert.True(initiator.TryComputeSharedSecret(Hex.Bytes(gr), out var secretI));
        Assert.True(responder.TryComputeSharedSecret(Hex.Bytes(gi), out var secretR));
        Assert.Equal(Hex.Bytes(gir), secretI);
        Assert.Equal(Hex.Bytes(gir), secretR);
    }

    [Fact]
    public void X25519_Rfc7748Section6_1()
    {
        // RFC 7748 §6.1: Alice's and Bob's private keys, public keys and the shared secret K.
        using var alice = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve25519,
            Hex.Bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        using var bob = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve25519,
            Hex.Bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.Of(alice.PublicValue.Span));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex.Of(bob.PublicValue.Span));
        Assert.True(alice.TryComputeSharedSecret(bob.PublicValue.Span, out var k1));
        Assert.True(bob.TryComputeSharedSecret(alice.PublicValue.Span, out var k2));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex.Of(k1));
        Assert.Equal(k1, k2);
    }

    [Theory]
    // RFC 7748 §5.2, the two single-step X25519 vectors (scalar, input u, output u).
    [InlineData("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void X25519_Rfc7748Section5_2(string scalar, string u, string expected)
    {
        using var kex = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve25519, Hex.Bytes(scalar));
        Assert.True(kex.TryComputeSharedSecret(Hex.Bytes(u), out var output));
        Assert.Equal(expected, Hex.Of(output));
    }

    [Theory]
    // RFC 7748 §5.2, the two single-step X448 vectors.
    [InlineData("3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
        "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086",
        "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f")]
    [InlineData("203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f",
        "0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db",
        "884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d")]
    public void X448_Rfc7748Section5_2(string scalar, string u, string expected)
    {
        using var kex = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve448, Hex.Bytes(scalar));
        Assert.True(kex.TryComputeSharedSecret(Hex.Bytes(u), out var output));
        Assert.Equal(expected, Hex.Of(output));
    }

    [Theory]
    // RFC 7748 §5.2 iterated test: k = u = base point, then (k, u) = (X(k, u), k); after 1 and 1,000 rounds.
    [InlineData(KeyExchangeMethod.Curve25519, 9,
        "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
        "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")]
    [InlineData(KeyExchangeMethod.Curve448, 5,
        "3f482c8a9f19b01e6c46ee9711d9dc14fd4bf67af30765c2ae2b846a4d23a8cd0db897086239492caf350b51f833868b9bc2b3bca9cf4113",
        "aa3b4749d55b9daf1e5b00288826c467274ce3ebbdd5c17b975e09d4af6c67cf10d087202db88286e2b79fceea3ec353ef54faa26e219f38")]
    public void Montgomery_Rfc7748Iterated(KeyExchangeMethod method, byte basePoint, string afterOne, string afterThousand)
    {
        var k = new byte[KeyExchangeFactory.PublicValueLength(method)];
        k[0] = basePoint;
        var u = (byte[])k.Clone();
        for (var round = 1; round <= 1000; round++)
        {
            using var kex = KeyExchangeFactory.CreateWithPrivateKey(method, k);
            Assert.True(kex.TryComputeSharedSecret(u, out var result));
            (k, u) = (result, k);
            if (round == 1)
            {
                Assert.Equal(afterOne, Hex.Of(k));
            }
        }

        Assert.Equal(afterThousand, Hex.Of(k));
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp2048)]
    [InlineData(KeyExchangeMethod.Modp3072)]
    public void Modp_FixedExponents_MatchAnIndependentModPow(KeyExchangeMethod method)
    {
        // Cross-check of the BouncyCastle arithmetic with System.Numerics: g^x mod p, (g^y)^x mod p, zero-padded.
        var length = KeyExchangeFactory.PublicValueLength(method);
        var p = new System.Numerics.BigInteger(PrimeOf(method, length), isUnsigned: true, isBigEndian: true);
        byte[] x = Hex.Bytes("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        byte[] y = Hex.Bytes("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
        using var a = KeyExchangeFactory.CreateWithPrivateKey(method, x);
        using var b = KeyExchangeFactory.CreateWithPrivateKey(method, y);
        var xi = new System.Numerics.BigInteger(x, isUnsigned: true, isBigEndian: true);
        var yi = new System.Numerics.BigInteger(y, isUnsigned: true, isBigEndian: true);

        Assert.Equal(Padded(System.Numerics.BigInteger.ModPow(2, xi, p), length), a.PublicValue.ToArray());
        Assert.True(a.TryComputeSharedSecret(b.PublicValue.Span, out var secret));
        Assert.Equal(Padded(System.Numerics.BigInteger.ModPow(2, xi * yi, p), length), secret);
    }

    [Fact]
    public void X448_Rfc7748Section6_2()
    {
        // RFC 7748 §6.2.
        using var alice = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve448, Hex.Bytes(
            "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b"));
        using var bob = KeyExchangeFactory.CreateWithPrivateKey(KeyExchangeMethod.Curve448, Hex.Bytes(
            "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d"));
        Assert.Equal("9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
            Hex.Of(alice.PublicValue.Span));
        Assert.Equal("3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
            Hex.Of(bob.PublicValue.Span));
        Assert.True(alice.TryComputeSharedSecret(bob.PublicValue.Span, out var k1));
        Assert.True(bob.TryComputeSharedSecret(alice.PublicValue.Span, out var k2));
        Assert.Equal("07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d",
            Hex.Of(k1));
        Assert.Equal(k1, k2);
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void RandomKeys_BothSidesAgree_WithFixedLengths(KeyExchangeMethod method)
    {
        using var a = KeyExchangeFactory.Create(method);
        using var b = KeyExchangeFactory.Create(method);
        Assert.Equal(method, a.Method);
        Assert.Equal(KeyExchangeFactory.PublicValueLength(method), a.PublicValue.Length);
        Assert.NotEqual(a.PublicValue.ToArray(), b.PublicValue.ToArray());
        Assert.True(a.TryComputeSharedSecret(b.PublicValue.Span, out var s1));
        Assert.True(b.TryComputeSharedSecret(a.PublicValue.Span, out var s2));
        Assert.Equal(s1, s2);
        var expectedSecretLength = method is KeyExchangeMethod.Ecp256 or KeyExchangeMethod.Ecp384 or KeyExchangeMethod.Ecp521
            ? a.PublicValue.Length / 2
            : a.PublicValue.Length;
        Assert.Equal(expectedSecretLength, s1.Length);
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void WrongLength_Rejected(KeyExchangeMethod method)
    {
        using var kex = KeyExchangeFactory.Create(method);
        var valid = kex.PublicValue.ToArray();
        Assert.False(kex.TryComputeSharedSecret(valid[..^1], out _));
        Assert.False(kex.TryComputeSharedSecret([.. valid, 0], out _));
        Assert.False(kex.TryComputeSharedSecret([], out _));
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Modp2048)]
    [InlineData(KeyExchangeMethod.Modp3072)]
    [InlineData(KeyExchangeMethod.Modp4096)]
    [InlineData(KeyExchangeMethod.Modp8192)]
    public void Modp_Rfc6989DegenerateValues_Rejected(KeyExchangeMethod method)
    {
        using var kex = KeyExchangeFactory.Create(method);
        var length = kex.PublicValue.Length;
        var p = PrimeOf(method, length);
        var pMinus1 = (byte[])p.Clone();
        pMinus1[^1]--; // RFC 3526 primes end in 0xFF..FF, no borrow.
        var allOnes = Enumerable.Repeat((byte)0xFF, length).ToArray();

        Assert.False(kex.TryComputeSharedSecret(Fixed(0, length), out _));
        Assert.False(kex.TryComputeSharedSecret(Fixed(1, length), out _));
        Assert.False(kex.TryComputeSharedSecret(pMinus1, out _));
        Assert.False(kex.TryComputeSharedSecret(p, out _));
        Assert.False(kex.TryComputeSharedSecret(allOnes, out _));
        Assert.True(kex.TryComputeSharedSecret(Fixed(2, length), out _));
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Ecp256)]
    [InlineData(KeyExchangeMethod.Ecp384)]
    [InlineData(KeyExchangeMethod.Ecp521)]
    public void Ecp_Rfc6989InvalidPoints_Rejected(KeyExchangeMethod method)
    {
        using var kex = KeyExchangeFactory.Create(method);
        using var other = KeyExchangeFactory.Create(method);
        var valid = other.PublicValue.ToArray();
        var half = valid.Length / 2;

        var offCurve = (byte[])valid.Clone();
        offCurve[^1] ^= 1;
        Assert.False(kex.TryComputeSharedSecret(offCurve, out _));
        Assert.False(kex.TryComputeSharedSecret(new byte[valid.Length], out _)); // (0,0): not on the curve, stands for infinity
        var coordinatesAtLeastP = Enumerable.Repeat((byte)0xFF, valid.Length).ToArray();
        if (method == KeyExchangeMethod.Ecp521)
        {
            coordinatesAtLeastP[0] = 0x01;
            coordinatesAtLeastP[half] = 0x01;
        }

        Assert.False(kex.TryComputeSharedSecret(coordinatesAtLeastP, out _));
        Assert.True(kex.TryComputeSharedSecret(valid, out _));
    }

    [Fact]
    public void Ecp_PointWithXPlusP_Rejected()
    {
        // Same point encoded with x + p must be refused (coordinate >= p), RFC 6989 §2.3.
        using var kex = KeyExchangeFactory.Create(KeyExchangeMethod.Ecp256);
        // x = p for P-256 (p = 2^256 - 2^224 + 2^192 + 2^96 - 1); y arbitrary.
        var p = Hex.Bytes("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        Assert.False(kex.TryComputeSharedSecret([.. p, .. new byte[32]], out _));
    }

    [Theory]
    [InlineData(KeyExchangeMethod.Curve25519)]
    [InlineData(KeyExchangeMethod.Curve448)]
    public void Montgomery_LowOrderPoints_GiveAllZeroAndAreRejected(KeyExchangeMethod method)
    {
        using var kex = KeyExchangeFactory.Create(method);
        var length = kex.PublicValue.Length;
        // u = 0 and u = 1 are low-order points on both curves: X25519/X448 outputs all zeros (RFC 7748 §6).
        Assert.False(kex.TryComputeSharedSecret(new byte[length], out _));
        var one = new byte[length];
        one[0] = 1;
        Assert.False(kex.TryComputeSharedSecret(one, out _));
    }

    [Fact]
    public void X25519_KnownOrder8Point_Rejected()
    {
        // A point of order 8 on Curve25519 (listed among the small-order inputs in libsodium/curve25519 test suites).
        using var kex = KeyExchangeFactory.Create(KeyExchangeMethod.Curve25519);
        Assert.False(kex.TryComputeSharedSecret(
            Hex.Bytes("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"), out _));
    }

    [Fact]
    public void Factory_ReportsSupportAndLengths()
    {
        Assert.False(KeyExchangeFactory.IsSupported(KeyExchangeMethod.None));
        Assert.False(KeyExchangeFactory.IsSupported((KeyExchangeMethod)2)); // MODP-1024
        Assert.Equal(0, KeyExchangeFactory.PublicValueLength((KeyExchangeMethod)2));
        Assert.Throws<NotSupportedException>(() => KeyExchangeFactory.Create((KeyExchangeMethod)2));
    }

    [Fact]
    public void Disposed_ComputeThrows()
    {
        var kex = KeyExchangeFactory.Create(KeyExchangeMethod.Curve25519);
        var pub = kex.PublicValue.ToArray();
        kex.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kex.TryComputeSharedSecret(pub, out _));
    }

    private static byte[] Padded(System.Numerics.BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[length - bytes.Length], .. bytes];
    }

    private static byte[] Fixed(byte value, int length)
    {
        var result = new byte[length];
        result[^1] = value;
        return result;
    }

    private static byte[] PrimeOf(KeyExchangeMethod method, int length)
    {
        var parameters = method switch
        {
            KeyExchangeMethod.Modp2048 => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_2048,
            KeyExchangeMethod.Modp3072 => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_3072,
            KeyExchangeMethod.Modp4096 => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_4096,
            _ => Org.BouncyCastle.Crypto.Agreement.DHStandardGroups.rfc3526_8192,
        };
        var p = parameters.P.ToByteArrayUnsigned();
        Assert.Equal(length, p.Length);
        // RFC 3526: every MODP prime starts with 64 one bits: FFFFFFFF FFFFFFFF C90FDAA2 2168C234 ...
        Assert.Equal("ffffffffffffffffc90fdaa22168c234", Hex.Of(p.AsSpan(0, 16)));
        return p;
    }
}
