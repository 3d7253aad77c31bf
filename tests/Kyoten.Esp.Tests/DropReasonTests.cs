using System.Net;

namespace Kyoten.Esp.Tests;

/// <summary>Every way a packet is refused, each counted under its reason and none of them throwing.</summary>
public sealed class DropReasonTests
{
    public static TheoryData<IpsecProtocol, IpsecMode, EspAlgorithm, AhAlgorithm, int> Matrix => AlgorithmMatrix.All();

    public static TheoryData<EspAlgorithm> EspAlgorithms => AlgorithmMatrix.EspAlgorithms();

    [Fact]
    public void UnknownSpi_IsReportedByTheSaAndCountedByTheDatabase()
    {
        (OutboundSa outbound, _) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x2000));
        using var other = new InboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x3000));
        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(4, 20));
        var sad = new SaDatabase();
        sad.Add(other);

        Assert.True(EspPacket.TryReadSpi(wire, out uint spi));
        Assert.False(sad.TryGet(spi, out _));
        Assert.Equal(1, sad.UnknownSpiDrops);
        Assert.Equal(UnprotectResult.UnknownSpi, TestSas.Unprotect(other, wire, out _));
        Assert.Equal(1, other.GetDropCount(UnprotectResult.UnknownSpi));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void TruncatedAtEveryPrefix_IsRefusedWithoutThrowing(IpsecProtocol protocol, IpsecMode mode, EspAlgorithm esp, AhAlgorithm ah, int version)
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(protocol, mode, esp, ah, tunnelVersion: version));
        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(version, 24));

        for (int length = 0; length < wire.Length; length++)
        {
            byte[] prefix = wire.AsSpan(0, length).ToArray();
            UnprotectResult result = inbound.Unprotect(prefix, out int offset, out int innerLength);
            // A shorter ESP packet can still be well-formed in length; then its ICV cannot verify.
            Assert.True(result is UnprotectResult.Malformed or UnprotectResult.AuthFailed, $"prefix {length}: {result}");
            Assert.Equal(0, offset + innerLength);
        }

        Assert.Equal(0UL, inbound.HighestSequenceNumber);
        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out _));
    }

    [Fact]
    public void ZeroLength_IsMalformedBothWays()
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel));
        byte[] buffer = new byte[256];

        Assert.Equal(ProtectResult.Malformed, outbound.Protect(buffer, 128, 0, out _, out _));
        Assert.Equal(UnprotectResult.Malformed, inbound.Unprotect([], out _, out _));
        Assert.Equal(1, outbound.GetDropCount(ProtectResult.Malformed));
        Assert.Equal(1, inbound.GetDropCount(UnprotectResult.Malformed));
    }

    [Theory]
    [MemberData(nameof(EspAlgorithms))]
    public void BitFlipAnywhereAfterTheSpi_FailsTheIcv(EspAlgorithm algorithm)
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, algorithm));
        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(6, 8));

        for (int bit = 8 * 8; bit < wire.Length * 8; bit++)
        {
            byte[] flipped = (byte[])wire.Clone();
            flipped[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            UnprotectResult result = TestSas.Unprotect(inbound, flipped, out _);
            // Flipping the sequence number to 0 is caught by the window before the ICV is even computed.
            Assert.True(result == UnprotectResult.AuthFailed || (bit / 8 < 12 && result == UnprotectResult.Replayed), $"bit {bit}: {result}");
        }

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wire, out _));
    }

    [Theory]
    [InlineData(EspAlgorithm.NullHmacSha256)]
    [InlineData(EspAlgorithm.AesCbc128HmacSha256)]
    [InlineData(EspAlgorithm.AesGcm128)]
    public void PaddingNotOneTwoThree_IsBadPadding(EspAlgorithm algorithm)
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, algorithm);
        using var inbound = new InboundSa(parameters);
        byte[] inner = TestPackets.Udp(4, 10);
        int align = parameters.Info.Alignment;
        int padLength = ((inner.Length + 2 + align - 1) / align * align) - inner.Length - 2 + align;
        byte[] goodPad = [.. Enumerable.Range(1, padLength).Select(i => (byte)i)];
        byte[] badPad = (byte[])goodPad.Clone();
        badPad[^1] = 0;

        byte[] good = EspCrafter.Seal(parameters, EspCrafter.Text(inner, goodPad, (byte)padLength, 4), 1);
        byte[] bad = EspCrafter.Seal(parameters, EspCrafter.Text(inner, badPad, (byte)padLength, 4), 2);
        byte[] tooLong = EspCrafter.Seal(parameters, EspCrafter.Text(inner, goodPad, 250, 4), 3);

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, good, out byte[] delivered));
        Assert.Equal(Hex.Of(inner), Hex.Of(delivered));
        Assert.Equal(UnprotectResult.BadPadding, TestSas.Unprotect(inbound, bad, out _));
        Assert.Equal(UnprotectResult.BadPadding, TestSas.Unprotect(inbound, tooLong, out _));
        Assert.Equal(2, inbound.GetDropCount(UnprotectResult.BadPadding));
    }

    [Fact]
    public void DummyPacket_IsVerifiedCountedAndDeliversNothing()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.ChaCha20Poly1305);
        using var inbound = new InboundSa(parameters);
        // RFC 4303 §2.6: Next Header 59, random-looking content.
        byte[] dummy = EspCrafter.Seal(parameters, EspCrafter.Text([9, 9, 9, 9, 9, 9], [], 0, EspPacket.NextHeaderDummy), 1);

        Assert.Equal(UnprotectResult.Dummy, TestSas.Unprotect(inbound, dummy, out byte[] inner));

        Assert.Empty(inner);
        Assert.Equal(1, inbound.GetDropCount(UnprotectResult.Dummy));
        Assert.Equal(0, inbound.Packets);
        Assert.Equal(1UL, inbound.HighestSequenceNumber);
    }

    [Fact]
    public void TunnelModeNextHeaderThatIsNotIp_IsMalformed()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesGcm256);
        using var inbound = new InboundSa(parameters);
        byte[] text = EspCrafter.Text(TestPackets.Udp(4, 10)[20..], [1, 2], 2, 17);

        Assert.Equal(UnprotectResult.Malformed, TestSas.Unprotect(inbound, EspCrafter.Seal(parameters, text, 1), out _));
    }

    [Theory]
    [InlineData(IpsecProtocol.Esp, IpsecMode.Tunnel)]
    [InlineData(IpsecProtocol.Esp, IpsecMode.Transport)]
    [InlineData(IpsecProtocol.Ah, IpsecMode.Tunnel)]
    [InlineData(IpsecProtocol.Ah, IpsecMode.Transport)]
    public void InnerPacketOutsideTheSelectors_IsPolicyMismatch(IpsecProtocol protocol, IpsecMode mode)
    {
        SaParameters open = TestSas.Parameters(protocol, mode);
        var strict = new SaParameters
        {
            Spi = open.Spi,
            Protocol = protocol,
            Mode = mode,
            EspAlgorithm = open.EspAlgorithm,
            AhAlgorithm = open.AhAlgorithm,
            EncryptionKey = open.EncryptionKey,
            IntegrityKey = open.IntegrityKey,
            TunnelLocal = open.TunnelLocal,
            TunnelRemote = open.TunnelRemote,
            LocalSelectors = [TrafficSelector.FromPrefix(IPAddress.Parse("198.18.1.0"), 24)],
            RemoteSelectors = [TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24, protocol: 17, startPort: 1000, endPort: 60000)],
        };
        using var outbound = new OutboundSa(open);
        using var inbound = new InboundSa(strict);

        byte[] inside = TestPackets.Udp(IPAddress.Parse("198.18.2.20"), IPAddress.Parse("198.18.1.10"), 40000, 53, [1, 2, 3]);
        byte[] wrongSource = TestPackets.Udp(IPAddress.Parse("198.18.9.20"), IPAddress.Parse("198.18.1.10"), 40000, 53, [1, 2, 3]);
        byte[] wrongPort = TestPackets.Udp(IPAddress.Parse("198.18.2.20"), IPAddress.Parse("198.18.1.10"), 999, 53, [1, 2, 3]);
        byte[] wrongProtocol = TestPackets.TcpSyn(IPAddress.Parse("198.18.2.20"), IPAddress.Parse("198.18.1.10"), 1460);

        Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, TestSas.Protect(outbound, inside), out _));
        Assert.Equal(UnprotectResult.PolicyMismatch, TestSas.Unprotect(inbound, TestSas.Protect(outbound, wrongSource), out _));
        Assert.Equal(UnprotectResult.PolicyMismatch, TestSas.Unprotect(inbound, TestSas.Protect(outbound, wrongPort), out _));
        Assert.Equal(UnprotectResult.PolicyMismatch, TestSas.Unprotect(inbound, TestSas.Protect(outbound, wrongProtocol), out _));
        Assert.Equal(3, inbound.GetDropCount(UnprotectResult.PolicyMismatch));
    }

    [Fact]
    public void SequenceExhaustionWithoutEsn_RefusesToSendAndNeverWraps()
    {
        (OutboundSa outbound, _) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel));
        outbound.SetNextSequenceNumber(uint.MaxValue);
        byte[] packet = TestPackets.Udp(4, 20);
        byte[] buffer = TestPackets.InBuffer(packet);

        Assert.Equal(ProtectResult.Ok, outbound.Protect(buffer, OutboundSa.Headroom, packet.Length, out _, out _));
        Assert.Equal((ulong)uint.MaxValue, outbound.LastSequenceNumber);
        Assert.True(outbound.MustRekey);
        for (int i = 0; i < 3; i++)
        {
            buffer = TestPackets.InBuffer(packet);
            Assert.Equal(ProtectResult.SequenceExhausted, outbound.Protect(buffer, OutboundSa.Headroom, packet.Length, out _, out int length));
            Assert.Equal(0, length);
        }

        Assert.True(outbound.SequenceExhausted);
        Assert.Equal(3, outbound.GetDropCount(ProtectResult.SequenceExhausted));
        Assert.Equal((ulong)uint.MaxValue, outbound.LastSequenceNumber);
    }

    [Fact]
    public void WithEsn_TheCounterContinuesPast2To32()
    {
        (OutboundSa outbound, _) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, esn: true));
        outbound.SetNextSequenceNumber(uint.MaxValue);

        TestSas.Protect(outbound, TestPackets.Udp(4, 20));
        TestSas.Protect(outbound, TestPackets.Udp(4, 20));

        Assert.Equal(1UL << 32, outbound.LastSequenceNumber);
        Assert.False(outbound.SequenceExhausted);
        Assert.False(outbound.MustRekey);
    }

    [Fact]
    public void PacketLifetimes_RaiseSoftThenHard_ThenTheSaRefuses()
    {
        SaParameters open = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel);
        var limited = new SaParameters
        {
            Spi = open.Spi,
            EspAlgorithm = open.EspAlgorithm,
            EncryptionKey = open.EncryptionKey,
            SoftLifetimePackets = 2,
            HardLifetimePackets = 3,
        };
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(limited);
        byte[][] wires = new byte[3][];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i >= 2, outbound.SoftLifetimeReached);
            wires[i] = TestSas.Protect(outbound, TestPackets.Udp(4, 20));
            Assert.Equal(UnprotectResult.Ok, TestSas.Unprotect(inbound, wires[i], out _));
        }

        Assert.True(outbound.SoftLifetimeReached);
        Assert.True(outbound.HardLifetimeReached);
        Assert.True(inbound.HardLifetimeReached);
        byte[] packet = TestPackets.Udp(4, 20);
        Assert.Equal(ProtectResult.SaExpired, outbound.Protect(TestPackets.InBuffer(packet), OutboundSa.Headroom, packet.Length, out _, out _));
        Assert.Equal(UnprotectResult.SaExpired, TestSas.Unprotect(inbound, wires[0], out _));
    }

    [Fact]
    public void ByteLifetimes_CountInnerOctets()
    {
        SaParameters open = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel);
        var limited = new SaParameters
        {
            Spi = open.Spi,
            EspAlgorithm = open.EspAlgorithm,
            EncryptionKey = open.EncryptionKey,
            SoftLifetimeBytes = 100,
            HardLifetimeBytes = 1000,
        };
        using var outbound = new OutboundSa(limited);

        TestSas.Protect(outbound, TestPackets.Udp(4, 52));
        Assert.False(outbound.SoftLifetimeReached);
        TestSas.Protect(outbound, TestPackets.Udp(4, 52));
        Assert.True(outbound.SoftLifetimeReached);
        Assert.False(outbound.HardLifetimeReached);
        Assert.Equal(160, outbound.Bytes);
    }

    [Fact]
    public void Expire_StopsBothDirectionsAtOnce()
    {
        (OutboundSa outbound, InboundSa inbound) = TestSas.Pair(TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Transport));
        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(6, 20));

        outbound.Expire();
        inbound.Expire();

        byte[] packet = TestPackets.Udp(6, 20);
        Assert.Equal(ProtectResult.SaExpired, outbound.Protect(TestPackets.InBuffer(packet), OutboundSa.Headroom, packet.Length, out _, out _));
        Assert.Equal(UnprotectResult.SaExpired, TestSas.Unprotect(inbound, wire, out _));
        Assert.Equal(1, inbound.GetDropCount(UnprotectResult.SaExpired));
    }

    [Theory]
    [InlineData(IpsecProtocol.Esp, IpsecMode.Tunnel, 20, 0)]
    [InlineData(IpsecProtocol.Esp, IpsecMode.Tunnel, OutboundSa.Headroom, 10)]
    [InlineData(IpsecProtocol.Ah, IpsecMode.Tunnel, 40, OutboundSa.Tailroom)]
    [InlineData(IpsecProtocol.Esp, IpsecMode.Transport, 10, OutboundSa.Tailroom)]
    public void TooLittleHeadroomOrTailroom_IsBufferTooSmall_AndLeavesTheSequenceAlone(IpsecProtocol protocol, IpsecMode mode, int headroom, int tailroom)
    {
        using var outbound = new OutboundSa(TestSas.Parameters(protocol, mode));
        byte[] packet = TestPackets.Udp(4, 30);
        byte[] buffer = TestPackets.InBuffer(packet, headroom, tailroom);

        Assert.Equal(ProtectResult.BufferTooSmall, outbound.Protect(buffer, headroom, packet.Length, out _, out _));
        Assert.Equal(0UL, outbound.LastSequenceNumber);
    }

    [Fact]
    public void TransportModeRefusesFragments()
    {
        using var outbound = new OutboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Transport));
        byte[] packet = TestPackets.Udp(4, 30);
        packet[6] = 0x20;
        InternetChecksum.RewriteIPv4Header(packet.AsSpan(0, 20));

        Assert.Equal(ProtectResult.Unsupported, outbound.Protect(TestPackets.InBuffer(packet), OutboundSa.Headroom, packet.Length, out _, out _));
    }
}
