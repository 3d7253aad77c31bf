using System.Security.Cryptography;

namespace Kyoten.Esp.Tests.Vectors;

/// <summary>
/// ICV layouts checked against an HMAC computed here from the RFC text, not by our own Unprotect, so a
/// mistake made symmetrically on both sides (e.g. a field not zeroed) cannot hide behind a round trip.
/// </summary>
public sealed class IndependentIcvTests
{
    [Fact]
    public void AhTransportIPv4_IcvCoversTheHeaderWithMutableFieldsZeroed()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Transport, ah: AhAlgorithm.HmacSha256);
        using var outbound = new OutboundSa(parameters);

        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(4, 33));

        // RFC 4302 §2.2: Payload Len = 28 octets / 4 − 2 = 5 for a 16-octet ICV.
        Assert.Equal(5, wire[21]);
        byte[] input = (byte[])wire.Clone();
        // RFC 4302 §3.3.3.1.1.1: TOS, flags + fragment offset, TTL and header checksum are mutable → zero.
        foreach (int i in new[] { 1, 6, 7, 8, 10, 11 })
        {
            input[i] = 0;
        }

        input.AsSpan(20 + 12, 16).Clear();
        byte[] expected = HMACSHA256.HashData(parameters.IntegrityKey.Span, input).AsSpan(0, 16).ToArray();
        Assert.Equal(Hex.Of(expected), Hex.Of(wire.AsSpan(32, 16)));
    }

    [Fact]
    public void AhTunnelIPv6_IcvZeroesClassFlowHopLimitAndTheIcvPadding()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Ah, IpsecMode.Tunnel, ah: AhAlgorithm.HmacSha384, tunnelVersion: 6);
        using var outbound = new OutboundSa(parameters);

        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(6, 50));

        // RFC 4302 §2.2/§2.6: 12 + 24 = 36 octets, padded to 40 for IPv6 → Payload Len 8.
        Assert.Equal(8, wire[41]);
        byte[] input = (byte[])wire.Clone();
        input[0] &= 0xf0;
        input[1] = 0;
        input[2] = 0;
        input[3] = 0;
        input[7] = 0;
        input.AsSpan(40 + 12, 28).Clear();
        byte[] expected = HMACSHA384.HashData(parameters.IntegrityKey.Span, input).AsSpan(0, 24).ToArray();
        Assert.Equal(Hex.Of(expected), Hex.Of(wire.AsSpan(52, 24)));
    }

    [Fact]
    public void EspCbcWithEsn_IcvAppendsTheHighSequenceBitsAfterThePayload()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesCbc256HmacSha256, esn: true);
        using var outbound = new OutboundSa(parameters);
        outbound.SetNextSequenceNumber(0x5_0000_0007);

        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(4, 40));

        // RFC 4303 §2.2.1: only the low 32 bits are sent…
        Assert.Equal("00000007", Hex.Of(wire.AsSpan(4, 4)));
        // …and the high 32 bits are appended, implicitly, after the payload for the ICV (§3.3.2.1).
        byte[] input = [.. wire.AsSpan(0, wire.Length - 16), 0, 0, 0, 5];
        byte[] expected = HMACSHA256.HashData(parameters.IntegrityKey.Span, input).AsSpan(0, 16).ToArray();
        Assert.Equal(Hex.Of(expected), Hex.Of(wire.AsSpan(wire.Length - 16)));
    }

    [Fact]
    public void AeadExplicitIv_IsTheSequenceNumber()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesGcm128, esn: true);
        using var outbound = new OutboundSa(parameters);
        outbound.SetNextSequenceNumber(0x1_2345_6789);

        byte[] wire = TestSas.Protect(outbound, TestPackets.Udp(4, 40));

        // RFC 4106 §3.1: a counter is a valid IV; ours is the 64-bit sequence number.
        Assert.Equal("0000000123456789", Hex.Of(wire.AsSpan(8, 8)));
    }
}
