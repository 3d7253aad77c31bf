namespace Kyoten.Esp.Tests.Vectors;

/// <summary>RFC 7634 Appendix A: the ESP example (ChaCha20-Poly1305, tunnel mode, an ICMP echo inside).</summary>
public sealed class Rfc7634EspVectorTests
{
    // RFC 7634 Appendix A: key || salt (KEYMAT, §2), SPI, sequence number and explicit IV.
    private static readonly byte[] Keymat = Hex.Bytes("""
        80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f
        90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f
        a0 a1 a2 a3
        """);

    // RFC 7634 Appendix A: the inner IPv4 packet, 198.51.100.5 -> 192.0.2.5 ICMP echo (84 octets);
    // the appendix' plaintext adds the trailer 01 02 | 02 | 04.
    private static readonly byte[] InnerPacket = Hex.Bytes("""
        45 00 00 54 a6 f2 00 00 40 01 e7 78 c6 33 64 05
        c0 00 02 05 08 00 5b 7a 3a 08 00 00 55 3b ec 10
        00 07 36 27 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13
        14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23
        24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33
        34 35 36 37
        """);

    // RFC 7634 Appendix A: ESP header (SPI 0x01020304, Seq 5), IV 10..17, ciphertext and tag.
    private static readonly byte[] EspPacketBytes = Hex.Bytes("""
        01 02 03 04 00 00 00 05 10 11 12 13 14 15 16 17
        24 03 94 28 b9 7f 41 7e 3c 13 75 3a 4f 05 08 7b
        67 c3 52 e6 a7 fa b1 b9 82 d4 66 ef 40 7a e5 c6
        14 ee 80 99 d5 28 44 eb 61 aa 95 df ab 4c 02 f7
        2a a7 1e 7c 4c 4f 64 c9 be fe 2f ac c6 38 e8 f3
        cb ec 16 3f ac 46 9b 50 27 73 f6 fb 94 e6 64 da
        91 65 b8 28 29 f6 41 e0
        76 aa a8 26 6b 7f b0 f7 b1 1b 36 99 07 e1 ad 43
        """);

    private static SaParameters Parameters => new()
    {
        Spi = 0x01020304,
        Protocol = IpsecProtocol.Esp,
        Mode = IpsecMode.Tunnel,
        EspAlgorithm = EspAlgorithm.ChaCha20Poly1305,
        EncryptionKey = Keymat,
    };

    [Fact]
    public void Protect_ReproducesTheAppendixCiphertext()
    {
        using var sa = new OutboundSa(Parameters);
        sa.SetNextSequenceNumber(5);
        sa.ForceNextIv(Hex.Bytes("10 11 12 13 14 15 16 17"));

        byte[] wire = TestSas.Protect(sa, InnerPacket);

        Assert.Equal(Hex.Of(EspPacketBytes), Hex.Of(wire));
    }

    [Fact]
    public void Unprotect_DecryptsTheAppendixPacketToTheStatedPlaintext()
    {
        using var sa = new InboundSa(Parameters);

        UnprotectResult result = TestSas.Unprotect(sa, EspPacketBytes, out byte[] inner);

        Assert.Equal(UnprotectResult.Ok, result);
        Assert.Equal(Hex.Of(InnerPacket), Hex.Of(inner));
        Assert.Equal(5UL, sa.HighestSequenceNumber);
    }
}
