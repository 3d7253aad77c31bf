namespace Kyoten.Esp.Tests;

/// <summary>Inbound SAD: SPI lookup and make-before-break rekey.</summary>
public sealed class SaDatabaseTests
{
    [Fact]
    public void Rekey_MakeBeforeBreak_BothSpisWorkUntilTheOldOneIsRemoved()
    {
        var sad = new SaDatabase();
        SaParameters oldParameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x1111);
        SaParameters newParameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x2222);
        (OutboundSa oldOut, InboundSa oldIn) = TestSas.Pair(oldParameters);
        (OutboundSa newOut, InboundSa newIn) = TestSas.Pair(newParameters);
        sad.Add(oldIn);
        byte[] inFlight = TestSas.Protect(oldOut, TestPackets.Udp(4, 20));

        sad.Add(newIn);
        byte[] afterSwitch = TestSas.Protect(newOut, TestPackets.Udp(4, 20));

        Assert.Equal(2, sad.Count);
        Assert.Equal(UnprotectResult.Ok, Deliver(sad, inFlight));
        Assert.Equal(UnprotectResult.Ok, Deliver(sad, afterSwitch));
        Assert.Same(oldIn, sad.Remove(0x1111));
        Assert.Null(sad.Remove(0x1111));
        Assert.Equal(UnprotectResult.UnknownSpi, Deliver(sad, TestSas.Protect(oldOut, TestPackets.Udp(4, 20))));
        Assert.Equal(1, sad.UnknownSpiDrops);
    }

    [Fact]
    public void DuplicateSpi_IsABug()
    {
        var sad = new SaDatabase();
        sad.Add(new InboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x4444)));

        Assert.Throws<InvalidOperationException>(() => sad.Add(new InboundSa(TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Tunnel, spi: 0x4444))));
    }

    [Fact]
    public void TryReadSpi_RefusesTheNonEspMarkerAndShortInput()
    {
        Assert.False(EspPacket.TryReadSpi([0, 0, 0, 0, 1, 2, 3, 4], out _));
        Assert.False(EspPacket.TryReadSpi([0, 0, 1, 0, 0, 0, 0], out _));
        Assert.True(EspPacket.TryReadSpi([0xc0, 0xff, 0xee, 0x01, 0, 0, 0, 1], out uint spi));
        Assert.Equal(0xc0ffee01u, spi);
    }

    private static UnprotectResult Deliver(SaDatabase sad, byte[] wire)
    {
        if (!EspPacket.TryReadSpi(wire, out uint spi) || !sad.TryGet(spi, out InboundSa? sa))
        {
            return UnprotectResult.UnknownSpi;
        }

        return TestSas.Unprotect(sa, wire, out _);
    }
}
