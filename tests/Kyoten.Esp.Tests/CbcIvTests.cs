namespace Kyoten.Esp.Tests;

/// <summary>RFC 3602 §3: CBC IVs must be unpredictable; ours are AES-ECB(per-SA random key, sequence number).</summary>
public sealed class CbcIvTests
{
    [Fact]
    public void IvsAreDistinctPerPacket_AndDifferBetweenSasWithTheSameKeys()
    {
        SaParameters parameters = TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, EspAlgorithm.AesCbc128HmacSha256);
        using var first = new OutboundSa(parameters);
        using var second = new OutboundSa(parameters);
        byte[] packet = TestPackets.Udp(4, 40);

        string[] ivs = [.. Enumerable.Range(0, 200).Select(_ => Hex.Of(TestSas.Protect(first, packet).AsSpan(8, 16)))];
        string otherSaFirstIv = Hex.Of(TestSas.Protect(second, packet).AsSpan(8, 16));

        Assert.Equal(ivs.Length, ivs.Distinct().Count());
        Assert.DoesNotContain(new string('0', 32), ivs);
        Assert.NotEqual(ivs[0], otherSaFirstIv);
    }
}
