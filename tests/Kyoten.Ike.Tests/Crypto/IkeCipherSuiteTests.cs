using System.Security.Cryptography;
using CsCheck;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class IkeCipherSuiteTests
{
    // RFC 7634 Appendix B: an INFORMATIONAL request protected with ChaCha20-Poly1305.
    // IKE header (SPIi c0..c7, SPIr d0..d7, next payload SK (46), version 0x20, exchange 37,
    // flags 0, message ID 9, length 0x45) and SK header (next payload Notify (41), length 0x29).
    private const string Rfc7634Aad = "c0 c1 c2 c3 c4 c5 c6 c7 d0 d1 d2 d3 d4 d5 d6 d7 2e 20 25 00 00 00 00 09 00 00 00 45 29 00 00 29";
    private const string Rfc7634Iv = "10 11 12 13 14 15 16 17";
    private const string Rfc7634Ciphertext = "61 03 94 70 1f 8d 01 7f 7c 12 92 48 89";
    private const string Rfc7634Tag = "6b 71 bf e2 52 36 ef d7 cd c6 70 66 90 63 15 b2";
    // Plaintext: a Notify payload (12 bytes) followed by the Pad Length octet 00.
    private const string Rfc7634Notify = "00 00 00 0c 00 00 40 01 00 00 00 0a";
    // KEYMAT: 32-byte key 80..9f followed by the salt a0 a1 a2 a3.
    private const string Rfc7634Key = "80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f 90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f a0 a1 a2 a3";

    public static TheoryData<EncryptionAlgorithm, int, IntegrityAlgorithm> Suites => new()
    {
        { EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128 },
        { EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128 },
        { EncryptionAlgorithm.AesCbc, 192, IntegrityAlgorithm.HmacSha2_384_192 },
        { EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_512_256 },
        { EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None },
        { EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None },
        { EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None },
    };

    [Fact]
    public void Rfc7634AppendixB_Opens()
    {
        var suite = Create(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None);
        byte[] message = [.. Hex.Bytes(Rfc7634Aad), .. Hex.Bytes(Rfc7634Iv), .. Hex.Bytes(Rfc7634Ciphertext), .. Hex.Bytes(Rfc7634Tag)];
        Assert.Equal(0x45, message.Length);

        Assert.True(suite.TryOpen(Hex.Bytes(Rfc7634Key), [], message, 32, out var plaintext));

        Assert.Equal(Hex.Bytes(Rfc7634Notify), plaintext);
    }

    [Fact]
    public void Rfc7634AppendixB_SealsToTheSameBytes()
    {
        var suite = Create(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None);
        var notify = Hex.Bytes(Rfc7634Notify);
        var message = new byte[32 + suite.GetEncryptedLength(notify.Length)];
        Hex.Bytes(Rfc7634Aad).CopyTo(message, 0);
        notify.CopyTo(message, suite.GetPlaintextOffset(32));

        suite.Seal(Hex.Bytes(Rfc7634Key), [], message, 32, notify.Length, Hex.Bytes(Rfc7634Iv));

        byte[] expected = [.. Hex.Bytes(Rfc7634Aad), .. Hex.Bytes(Rfc7634Iv), .. Hex.Bytes(Rfc7634Ciphertext), .. Hex.Bytes(Rfc7634Tag)];
        Assert.Equal(Hex.Of(expected), Hex.Of(message));
    }

    [Theory]
    // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 4 (AES-128) and 16 (AES-256),
    // 96-bit IV cafebabe facedbaddecaf888: in RFC 5282 terms salt = cafebabe (the last 4 bytes of SK_e),
    // IV = facedbaddecaf888, AAD = the 20 bytes before the IV.
    [InlineData(128, "feffe9928665731c6d6a8f9467308308",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47")]
    [InlineData(256, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    public void AesGcm_GcmSpecVectors_SaltIvAndAadPlacement(int bits, string key, string ciphertext, string tag)
    {
        const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        const string Plaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        var suite = Create(EncryptionAlgorithm.AesGcm16, bits, IntegrityAlgorithm.None);
        byte[] encKey = [.. Hex.Bytes(key), .. Hex.Bytes("cafebabe")];
        byte[] message = [.. Hex.Bytes(Aad), .. Hex.Bytes("facedbaddecaf888"), .. Hex.Bytes(ciphertext), .. Hex.Bytes(tag)];

        Assert.True(suite.TryOpenInPlace(encKey, [], message, 20, out var length));
        // The vector's last plaintext byte (0x39 = 57) reads as Pad Length: 60 - 57 - 1 = 2 bytes of payload.
        Assert.Equal(2, length);
        Assert.Equal(Plaintext, Hex.Of(message.AsSpan(28, 60)));

        var resealed = (byte[])message.Clone();
        suite.SealPadded(encKey, [], resealed, 20, 60, Hex.Bytes("facedbaddecaf888"));
        Assert.Equal(Hex.Of([.. Hex.Bytes(Aad), .. Hex.Bytes("facedbaddecaf888"), .. Hex.Bytes(ciphertext), .. Hex.Bytes(tag)]), Hex.Of(resealed));
    }

    [Fact]
    public void SealThenOpen_Property_AnySuiteAnyLength()
    {
        IkeCipherSuite[] suites =
        [
            Create(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128),
            Create(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_512_256),
            Create(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None),
            Create(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None),
        ];
        Gen.Select(Gen.Int[0, suites.Length - 1], Gen.Byte.Array[0, 600]).Sample((index, plaintext) =>
        {
            var suite = suites[index];
            var encKey = RandomNumberGenerator.GetBytes(suite.EncryptionKeyLength);
            var integKey = RandomNumberGenerator.GetBytes(suite.IntegrityKeyLength);
            var message = new byte[Header.Length + suite.GetEncryptedLength(plaintext.Length)];
            Header.CopyTo(message, 0);
            plaintext.CopyTo(message, suite.GetPlaintextOffset(Header.Length));
            suite.Seal(encKey, integKey, message, Header.Length, plaintext.Length);
            return suite.TryOpen(encKey, integKey, message, Header.Length, out var opened) && opened.AsSpan().SequenceEqual(plaintext);
        });
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void SealThenOpen_RoundTrips(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        var suite = Create(enc, bits, integ);
        foreach (var length in new[] { 0, 1, 15, 16, 17, 100 })
        {
            var (message, encKey, integKey, plaintext) = Sealed(suite, length);
            Assert.True(suite.TryOpen(encKey, integKey, message, Header.Length, out var opened));
            Assert.Equal(plaintext, opened);
            Assert.Equal(0, (message.Length - Header.Length - suite.IvLength - suite.IcvLength) % suite.BlockSize);
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void EveryBitFlip_FailsToOpen(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        var suite = Create(enc, bits, integ);
        var (message, encKey, integKey, _) = Sealed(suite, 20);
        for (var bit = 0; bit < message.Length * 8; bit++)
        {
            var copy = (byte[])message.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(suite.TryOpen(encKey, integKey, copy, Header.Length, out _), $"bit {bit} flipped was accepted");
        }
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void EveryTruncation_FailsWithoutThrowing(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        var suite = Create(enc, bits, integ);
        var (message, encKey, integKey, _) = Sealed(suite, 20);
        for (var length = 0; length < message.Length; length++)
        {
            Assert.False(suite.TryOpen(encKey, integKey, message.AsSpan(0, length), Header.Length, out _));
        }

        Assert.False(suite.TryOpen(encKey, integKey, message, message.Length + 1, out _));
        Assert.False(suite.TryOpen(encKey, integKey, message, -1, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void WrongKey_FailsToOpen(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        var suite = Create(enc, bits, integ);
        var (message, encKey, integKey, _) = Sealed(suite, 20);
        var otherKey = (byte[])(suite.IsAead ? encKey : integKey).Clone();
        otherKey[0] ^= 0x80;
        Assert.False(suite.IsAead
            ? suite.TryOpen(otherKey, integKey, message, Header.Length, out _)
            : suite.TryOpen(encKey, otherKey, message, Header.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void SealPadded_ThenOpenInPlace_RoundTrips(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        // The codec's own padding: plaintext | 3 pad bytes (if the block allows) | Pad Length.
        var suite = Create(enc, bits, integ);
        var plaintext = RandomNumberGenerator.GetBytes(28);
        var padded = (plaintext.Length + 1 + suite.BlockSize - 1) / suite.BlockSize * suite.BlockSize;
        var message = new byte[Header.Length + suite.IvLength + padded + suite.IcvLength];
        Header.CopyTo(message, 0);
        plaintext.CopyTo(message, suite.GetPlaintextOffset(Header.Length));
        message[Header.Length + suite.IvLength + padded - 1] = (byte)(padded - plaintext.Length - 1);
        var encKey = RandomNumberGenerator.GetBytes(suite.EncryptionKeyLength);
        var integKey = RandomNumberGenerator.GetBytes(suite.IntegrityKeyLength);

        suite.SealPadded(encKey, integKey, message, Header.Length, padded);

        Assert.True(suite.TryOpen(encKey, integKey, message, Header.Length, out var copy));
        Assert.Equal(plaintext, copy);
        Assert.True(suite.TryOpenInPlace(encKey, integKey, message, Header.Length, out var length));
        Assert.Equal(plaintext, message.AsSpan(suite.GetPlaintextOffset(Header.Length), length).ToArray());
    }

    [Fact]
    public void TryOpenInPlace_Failure_LeavesMessageUnchanged()
    {
        var suite = Create(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None);
        var (message, encKey, integKey, _) = Sealed(suite, 40);
        message[^1] ^= 1;
        var before = (byte[])message.Clone();
        Assert.False(suite.TryOpenInPlace(encKey, integKey, message, Header.Length, out _));
        Assert.Equal(before, message);
    }

    [Fact]
    public void SealPadded_BadPadLength_IsOurBug_Throws()
    {
        var suite = Create(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128);
        var message = new byte[Header.Length + 16 + 16 + 16];
        message[Header.Length + 16 + 15] = 16; // Pad Length 16 cannot fit in 16 bytes
        Assert.Throws<ArgumentException>(() => suite.SealPadded(new byte[16], new byte[32], message, Header.Length, 16));
        Assert.Throws<ArgumentException>(() => suite.SealPadded(new byte[16], new byte[32], message, Header.Length, 15));
    }

    [Fact]
    public void Cbc_IcvCoversHeaderThroughCiphertext()
    {
        // RFC 7296 §3.14: ICV = prf-truncated HMAC over IKE header .. end of ciphertext.
        var suite = Create(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128);
        var (message, _, integKey, _) = Sealed(suite, 33);
        var expected = HMACSHA256.HashData(integKey, message.AsSpan(0, message.Length - 16))[..16];
        Assert.Equal(expected, message[^16..]);
    }

    [Fact]
    public void Cbc_CiphertextIsAesCbcOfPaddedPlaintextUnderTheSentIv()
    {
        // RFC 7296 §3.14 layout, decrypted independently: IV | AES-CBC(plaintext | padding | Pad Length) | ICV.
        var suite = Create(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128);
        var (message, encKey, _, plaintext) = Sealed(suite, 20);
        using var aes = Aes.Create();
        aes.Key = encKey;
        var iv = message.AsSpan(Header.Length, 16);
        var decrypted = aes.DecryptCbc(message.AsSpan(Header.Length + 16, 32), iv, PaddingMode.None);
        Assert.Equal(plaintext, decrypted[..20]);
        Assert.Equal(11, decrypted[^1]); // 20 + 11 padding + 1 = 32
    }

    [Fact]
    public void Cbc_ImpossiblePadLength_Rejected()
    {
        // An authenticated message whose decrypted Pad Length exceeds the ciphertext: TryOpen must refuse it.
        var suite = Create(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128);
        var encKey = RandomNumberGenerator.GetBytes(16);
        var integKey = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var block = new byte[16];
        block[^1] = 200;
        using var aes = Aes.Create();
        aes.Key = encKey;
        var ciphertext = aes.EncryptCbc(block, iv, PaddingMode.None);
        byte[] withoutIcv = [.. Header, .. iv, .. ciphertext];
        byte[] message = [.. withoutIcv, .. HMACSHA256.HashData(integKey, withoutIcv)[..16]];

        Assert.False(suite.TryOpen(encKey, integKey, message, Header.Length, out _));
    }

    [Fact]
    public void RandomIvs_DifferPerSeal()
    {
        var suite = Create(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None);
        var (a, _, _, _) = Sealed(suite, 10);
        var (b, _, _, _) = Sealed(suite, 10);
        Assert.NotEqual(a.AsSpan(Header.Length, 8).ToArray(), b.AsSpan(Header.Length, 8).ToArray());
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128, "aes256-sha256", 32, 32, 16, 16, 16, 64)]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_384_192, "aes128-sha384", 16, 48, 16, 24, 16, 72)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, "aes256gcm16", 36, 0, 8, 16, 1, 45)]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, "aes128gcm16", 20, 0, 8, 16, 1, 45)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None, "chacha20poly1305", 36, 0, 8, 16, 1, 45)]
    public void Properties(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ, string name,
        int encKey, int integKey, int iv, int icv, int block, int encryptedLengthOf20)
    {
        var suite = Create(enc, bits, integ);
        Assert.Equal(name, suite.Name);
        Assert.Equal(encKey, suite.EncryptionKeyLength);
        Assert.Equal(integKey, suite.IntegrityKeyLength);
        Assert.Equal(iv, suite.IvLength);
        Assert.Equal(icv, suite.IcvLength);
        Assert.Equal(block, suite.BlockSize);
        Assert.Equal(integ == IntegrityAlgorithm.None, suite.IsAead);
        Assert.Equal(encryptedLengthOf20, suite.GetEncryptedLength(20));
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.HmacSha2_256_128)] // AEAD + integrity
    [InlineData(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.None)] // CBC without integrity
    [InlineData(EncryptionAlgorithm.AesCbc, 0, IntegrityAlgorithm.HmacSha2_256_128)] // no key length
    [InlineData(EncryptionAlgorithm.AesCbc, 160, IntegrityAlgorithm.HmacSha2_256_128)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 128, IntegrityAlgorithm.None)]
    [InlineData(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha2_256_128)] // never for IKE
    [InlineData((EncryptionAlgorithm)3, 0, IntegrityAlgorithm.HmacSha2_256_128)] // 3DES
    public void TryCreate_RejectsInvalidCombinations(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        Assert.False(IkeCipherSuite.TryCreate(enc, bits, integ, out var suite));
        Assert.Null(suite);
    }

    [Fact]
    public void WrongKeyLength_IsOurBug_Throws()
    {
        var suite = Create(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None);
        var message = new byte[Header.Length + suite.GetEncryptedLength(4)];
        Assert.Throws<ArgumentException>(() => suite.Seal(new byte[32], [], message, Header.Length, 4));
        Assert.Throws<ArgumentException>(() => suite.Seal(new byte[36], [], message, Header.Length, 5));
    }

    [Fact]
    public void TransformKeyLengths_MatchSuitesAndEspRules()
    {
        Assert.True(TransformKeyLengths.TryGetEncryptionKeyLength(EncryptionAlgorithm.AesGcm16, 128, out var gcm128));
        Assert.Equal(20, gcm128);
        Assert.True(TransformKeyLengths.TryGetEncryptionKeyLength(EncryptionAlgorithm.ChaCha20Poly1305, 0, out var chacha));
        Assert.Equal(36, chacha);
        Assert.True(TransformKeyLengths.TryGetEncryptionKeyLength(EncryptionAlgorithm.Null, 0, out var none));
        Assert.Equal(0, none);
        Assert.False(TransformKeyLengths.TryGetEncryptionKeyLength(EncryptionAlgorithm.AesCbc, 0, out _));
        Assert.True(TransformKeyLengths.TryGetIntegrityKeyLength(IntegrityAlgorithm.HmacSha2_512_256, out var sha512));
        Assert.Equal(64, sha512);
    }

    // A 28-byte IKE header + 4-byte SK header; contents only matter as authenticated data.
    private static readonly byte[] Header = Hex.Bytes(
        "0102030405060708 1112131415161718 2e 20 23 08 00000001 00000000 29 00 0000");

    private static IkeCipherSuite Create(EncryptionAlgorithm enc, int bits, IntegrityAlgorithm integ)
    {
        Assert.True(IkeCipherSuite.TryCreate(enc, bits, integ, out var suite));
        return suite!;
    }

    private static (byte[] Message, byte[] EncKey, byte[] IntegKey, byte[] Plaintext) Sealed(IkeCipherSuite suite, int length)
    {
        var encKey = RandomNumberGenerator.GetBytes(suite.EncryptionKeyLength);
        var integKey = RandomNumberGenerator.GetBytes(suite.IntegrityKeyLength);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var message = new byte[Header.Length + suite.GetEncryptedLength(length)];
        Header.CopyTo(message, 0);
        plaintext.CopyTo(message, suite.GetPlaintextOffset(Header.Length));
        suite.Seal(encKey, integKey, message, Header.Length, length);
        return (message, encKey, integKey, plaintext);
    }
}
