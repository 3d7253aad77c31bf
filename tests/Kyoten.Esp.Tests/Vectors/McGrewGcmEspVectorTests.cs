using System.Net;

namespace Kyoten.Esp.Tests.Vectors;

/// <summary>
/// draft-mcgrew-gcm-test-01 §4 (Test Cases for GCM and GMAC in IPsec ESP), found through the search tool
/// (https://datatracker.ietf.org/doc/html/draft-mcgrew-gcm-test-01). Each case gives key, salt, SPI,
/// (extended) sequence number, IV and an ESP plaintext whose trailer is 01 02 | 02 | 01: Next Header 1, so
/// we reproduce them as transport-mode ESP behind an IPv4 header with protocol 1.
/// </summary>
public sealed class McGrewGcmEspVectorTests
{
    public static TheoryData<string, string, uint, ulong, bool, string, string, string> Cases => new()
    {
        {
            // Test case 1: AES-128, 64-bit ESN 0x87654321_00000000 (AAD = SPI || Seq hi || Seq lo).
            "4c80cdefbb5d10da906ac73c3613a634", "2e443b68", 0x00004321, 0x8765432100000000UL, true,
            "4956ed7e3b244cfe",
            """
            45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000
            00000000045f736970045f756470037369700963796265726369747902646b00
            00210001
            """,
            """
            fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34
            cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce
            61bc17d768fd9732459018148f6cbe722fd04796562dfdb4
            """
        },
        {
            // AES-256 case: SPI 0x4a2cbfe3, 32-bit Seq 2, key abbccdde…, salt 11223344.
            "abbccddef00112233445566778899aababbccddef00112233445566778899aab", "11223344", 0x4a2cbfe3, 2UL, false,
            "0102030405060708",
            """
            4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000
            7002400020bf0000020405b401010402
            """,
            """
            ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763
            748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49
            15956c96
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Protect_ReproducesTheDraftCiphertext(string key, string salt, uint spi, ulong sequence, bool esn, string iv, string payload, string ciphertextAndTag)
    {
        using var sa = new OutboundSa(Parameters(key, salt, spi, esn));
        sa.SetNextSequenceNumber(sequence);
        sa.ForceNextIv(Hex.Bytes(iv));
        byte[] packet = IcmpCarrier(Hex.Bytes(payload));

        byte[] wire = TestSas.Protect(sa, packet);

        string expectedEsp = $"{spi:x8}{(uint)sequence:x8}{iv}" + Hex.Of(Hex.Bytes(ciphertextAndTag));
        Assert.Equal(expectedEsp, Hex.Of(wire.AsSpan(20)));
        Assert.Equal(EspConstants.IpProtocolEsp, wire[9]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unprotect_DecryptsTheDraftPacket(string key, string salt, uint spi, ulong sequence, bool esn, string iv, string payload, string ciphertextAndTag)
    {
        using var sa = new InboundSa(Parameters(key, salt, spi, esn));
        sa.ResetReplayWindow(sequence - 1);
        byte[] header = IcmpCarrier([]).AsSpan(0, 20).ToArray();
        byte[] esp = Hex.Bytes($"{spi:x8}{(uint)sequence:x8}{iv}" + ciphertextAndTag);
        byte[] wire = [.. header, .. esp];
        wire[9] = EspConstants.IpProtocolEsp;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(2), (ushort)wire.Length);

        UnprotectResult result = TestSas.Unprotect(sa, wire, out byte[] restored);

        Assert.Equal(UnprotectResult.Ok, result);
        Assert.Equal(1, restored[9]);
        Assert.Equal(Hex.Of(Hex.Bytes(payload)), Hex.Of(restored.AsSpan(20)));
        Assert.Equal(sequence, sa.HighestSequenceNumber);
    }

    private static SaParameters Parameters(string key, string salt, uint spi, bool esn) => new()
    {
        Spi = spi,
        Protocol = IpsecProtocol.Esp,
        Mode = IpsecMode.Transport,
        EspAlgorithm = key.Length == 32 ? EspAlgorithm.AesGcm128 : EspAlgorithm.AesGcm256,
        EncryptionKey = Hex.Bytes(key + salt),
        ExtendedSequenceNumbers = esn,
    };

    /// <summary>An IPv4 header with protocol 1 around the draft's (opaque) payload.</summary>
    private static byte[] IcmpCarrier(byte[] payload) =>
        TestPackets.Build(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2"), 1, payload, checksumOffset: -2);
}
