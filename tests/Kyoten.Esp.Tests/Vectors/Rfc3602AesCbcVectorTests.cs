using System.Net;
using System.Security.Cryptography;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests.Vectors;

/// <summary>
/// RFC 3602 §4 test vectors. Cases 1–3 are raw AES-CBC-128; we run them back to back through one
/// <see cref="CbcHmacTransform"/>, which also proves the per-packet IV folding across its reused CBC
/// context. Cases 5 and 6 are ESP packets (SPI 0x4321, transport mode, ICMP inside) without
/// authentication: we compare everything up to the ICV and check the ICV against an independent HMAC.
/// Cases 7 and 8 are the same in tunnel mode (SPI 0x8765, an IPv4 ICMP packet inside, Next Header 4).
/// </summary>
public sealed class Rfc3602AesCbcVectorTests
{
    public static TheoryData<string, string, string, string> RawCases => new()
    {
        // RFC 3602 §4 Case #1: 16 bytes (1 block), 128-bit key.
        { "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", Convert.ToHexString("Single block msg"u8), "e353779c1079aeb82708942dbe77181a" },
        // Case #2: 32 bytes (2 blocks).
        {
            "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"
        },
        // Case #3: 48 bytes (3 blocks).
        {
            "6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
            Convert.ToHexString("This is a 48-byte message (exactly 3 AES blocks)"u8),
            "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684"
        },
    };

    [Fact]
    public void RawCases_EncryptAndDecryptBackToBackThroughOneReusedContext()
    {
        // Same key for every packet of an SA is the real use; here each case has its own key, so one
        // transform per case but two packets per transform (the vector twice) to exercise chaining.
        foreach (var row in RawCases)
        {
            (string key, string iv, string plaintext, string ciphertext) = row.Data;
            AlgorithmInfo info = AlgorithmInfo.For(EspAlgorithm.AesCbc128HmacSha256);
            using var transform = new CbcHmacTransform(info, Hex.Bytes(key), new byte[32], new byte[16]);
            for (int round = 0; round < 2; round++)
            {
                byte[] text = Hex.Bytes(plaintext);
                byte[] esp = new byte[8 + 16 + text.Length + info.IcvLength];
                text.CopyTo(esp, 24);

                transform.Seal(esp, text.Length, 1, false, Hex.Bytes(iv));
                Assert.Equal(ciphertext, Hex.Of(esp.AsSpan(24, text.Length)));

                Assert.True(transform.Open(esp, text.Length, 1, false));
                Assert.Equal(plaintext.ToLowerInvariant(), Hex.Of(esp.AsSpan(24, text.Length)));
            }
        }
    }

    public static TheoryData<ulong, string, string, string> EspCases => new()
    {
        {
            // RFC 3602 §4 Case #5: 192.168.123.100 -> .99 ICMP echo, 64-octet payload, Seq 1.
            1, "e96e8c08ab465763fd098d45dd3ff893",
            "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
            "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6"
        },
        {
            // Case #6: same SA, 28-octet ICMP payload, Seq 8.
            8, "69d08df7d203329db093fc4924e5bd80",
            "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
            "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75"
        },
    };

    [Theory]
    [MemberData(nameof(EspCases))]
    public void EspCases_ProtectReproducesCiphertext_AndRoundTrip(ulong sequence, string iv, string icmp, string espWithoutIcv)
    {
        byte[] integrityKey = RandomNumberGenerator.GetBytes(32);
        var parameters = new SaParameters
        {
            Spi = 0x4321,
            Protocol = IpsecProtocol.Esp,
            Mode = IpsecMode.Transport,
            EspAlgorithm = EspAlgorithm.AesCbc128HmacSha256,
            // RFC 3602 §4 cases #5–#6 key.
            EncryptionKey = Hex.Bytes("90d382b410eeba7ad938c46cec1a82bf"),
            IntegrityKey = integrityKey,
        };
        using var outbound = new OutboundSa(parameters);
        using var inbound = new InboundSa(parameters);
        outbound.SetNextSequenceNumber(sequence);
        outbound.ForceNextIv(Hex.Bytes(iv));
        byte[] packet = TestPackets.Build(IPAddress.Parse("192.0.2.100"), IPAddress.Parse("192.0.2.99"), 1, Hex.Bytes(icmp), checksumOffset: -2);

        byte[] wire = TestSas.Protect(outbound, packet);

        byte[] expected = Hex.Bytes(espWithoutIcv);
        ReadOnlySpan<byte> esp = wire.AsSpan(20);
        Assert.Equal(Hex.Of(expected), Hex.Of(esp[..expected.Length]));
        // RFC 4303 §3.3.2.1 / RFC 4868: ICV = HMAC-SHA-256 over SPI..ciphertext, first 128 bits.
        Assert.Equal(Hex.Of(HMACSHA256.HashData(integrityKey, expected).AsSpan(0, 16)), Hex.Of(esp[expected.Length..]));

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] restored));
        Assert.Equal(Hex.Of(packet), Hex.Of(restored));
    }

    public static TheoryData<ulong, string, string, string> TunnelCases => new()
    {
        {
            // RFC 3602 §4 Case #7: tunnel mode, inner IPv4 ICMP echo (84 octets), Seq 2.
            2, "f4e765244f6407adf13dc1380f673f37",
            "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
            "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a100b842f1c22f0d"
        },
        {
            // Case #8: same SA, 68-octet inner packet, Seq 5.
            5, "85d47224b5f3dd5d2101d4ea8dffab22",
            "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"
        },
    };

    [Theory]
    [MemberData(nameof(TunnelCases))]
    public void TunnelCases_ProtectReproducesCiphertext_AndRoundTrip(ulong sequence, string iv, string innerPacket, string espWithoutIcv)
    {
        byte[] integrityKey = RandomNumberGenerator.GetBytes(32);
        var parameters = new SaParameters
        {
            Spi = 0x8765,
            Protocol = IpsecProtocol.Esp,
            Mode = IpsecMode.Tunnel,
            EspAlgorithm = EspAlgorithm.AesCbc128HmacSha256,
            // RFC 3602 §4 cases #7–#8 key.
            EncryptionKey = Hex.Bytes("0123456789abcdef0123456789abcdef"),
            IntegrityKey = integrityKey,
        };
        using var outbound = new OutboundSa(parameters);
        using var inbound = new InboundSa(parameters);
        outbound.SetNextSequenceNumber(sequence);
        outbound.ForceNextIv(Hex.Bytes(iv));
        byte[] inner = Hex.Bytes(innerPacket);

        byte[] wire = TestSas.Protect(outbound, inner);

        byte[] expected = Hex.Bytes(espWithoutIcv);
        Assert.Equal(Hex.Of(expected), Hex.Of(wire.AsSpan(0, expected.Length)));
        Assert.Equal(Hex.Of(HMACSHA256.HashData(integrityKey, expected).AsSpan(0, 16)), Hex.Of(wire.AsSpan(expected.Length)));
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out byte[] delivered));
        Assert.Equal(Hex.Of(inner), Hex.Of(delivered));
    }
}
