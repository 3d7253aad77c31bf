using System.Net;
using System.Security.Cryptography;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests;

/// <summary>Matching outbound/inbound SA pairs with random keys.</summary>
internal static class TestSas
{
    public static SaParameters Parameters(
        IpsecProtocol protocol,
        IpsecMode mode,
        EspAlgorithm esp = EspAlgorithm.AesGcm256,
        AhAlgorithm ah = AhAlgorithm.HmacSha256,
        int tunnelVersion = 4,
        bool esn = false,
        int window = SaParameters.DefaultReplayWindowSize,
        uint spi = 0x1000_0001,
        Random? random = null)
    {
        AlgorithmInfo info = protocol == IpsecProtocol.Esp ? AlgorithmInfo.For(esp) : AlgorithmInfo.For(ah);
        byte[] encryption = new byte[protocol == IpsecProtocol.Esp ? info.EncryptionKeyLength : 0];
        byte[] integrity = new byte[info.IntegrityKeyLength];
        if (random is null)
        {
            RandomNumberGenerator.Fill(encryption);
            RandomNumberGenerator.Fill(integrity);
        }
        else
        {
            random.NextBytes(encryption);
            random.NextBytes(integrity);
        }

        return new SaParameters
        {
            Spi = spi,
            Protocol = protocol,
            Mode = mode,
            EspAlgorithm = esp,
            AhAlgorithm = ah,
            EncryptionKey = encryption,
            IntegrityKey = integrity,
            ExtendedSequenceNumbers = esn,
            ReplayWindowSize = window,
            TunnelLocal = tunnelVersion == 4 ? IPAddress.Parse("192.0.2.1") : IPAddress.Parse("2001:db8:ffff::1"),
            TunnelRemote = tunnelVersion == 4 ? IPAddress.Parse("203.0.113.2") : IPAddress.Parse("2001:db8:ffff::2"),
        };
    }

    public static (OutboundSa Out, InboundSa In) Pair(SaParameters parameters) =>
        (new OutboundSa(parameters), new InboundSa(parameters));

    /// <summary>Protects a copy of <paramref name="packet"/> and returns exactly the bytes to send.</summary>
    public static byte[] Protect(OutboundSa sa, byte[] packet)
    {
        byte[] buffer = TestPackets.InBuffer(packet);
        ProtectResult result = sa.Protect(buffer, OutboundSa.Headroom, packet.Length, out int offset, out int length);
        Assert.Equal(ProtectResult.Ok, result);
        return buffer.AsSpan(offset, length).ToArray();
    }

    /// <summary>Unprotects a copy of <paramref name="wire"/>; on Ok returns the delivered inner bytes.</summary>
    public static UnprotectResult Unprotect(InboundSa sa, byte[] wire, out byte[] inner)
    {
        byte[] copy = (byte[])wire.Clone();
        UnprotectResult result = sa.Unprotect(copy, out int offset, out int length);
        inner = copy.AsSpan(offset, length).ToArray();
        return result;
    }
}
