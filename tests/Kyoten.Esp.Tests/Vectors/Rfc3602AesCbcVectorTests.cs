using System.Net;
using System.Security.Cryptography;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests.Vectors;

/// <summary>
/// RFC 3602 §4 test vectors. Cases 1–3 are raw AES-CBC-128; we run them back to back through one
/// <see cref="CbcHmacTransform"/>, which also proves the per-packet IV folding across its reused CBC
/// context. Cases 5 and 6 are ESP packets (SPI 0x4321, transport mode, ICMP inside) without
/// authentication: we compare everything up to the ICV and check the ICV against an independent HMAC.
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
}
