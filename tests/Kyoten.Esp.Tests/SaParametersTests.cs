using System.Net;

namespace Kyoten.Esp.Tests;

public sealed class SaParametersTests
{
    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var parameters = new SaParameters
        {
            Spi = 0x1234,
            Protocol = IpsecProtocol.Ah,
            Mode = IpsecMode.Tunnel,
            IntegrityKey = new byte[5],
            ReplayWindowSize = 8,
            TunnelLocal = IPAddress.Parse("192.0.2.1"),
        };

        var error = Assert.Throws<ArgumentException>(() => new OutboundSa(parameters));

        Assert.Contains("IntegrityKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReplayWindowSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("TunnelRemote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AeadKeysIncludeTheSalt()
    {
        var withoutSalt = new SaParameters { Spi = 0x1234, EspAlgorithm = EspAlgorithm.AesGcm128, EncryptionKey = new byte[16] };
        var withSalt = new SaParameters { Spi = 0x1234, EspAlgorithm = EspAlgorithm.AesGcm128, EncryptionKey = new byte[20] };

        Assert.Throws<ArgumentException>(withoutSalt.Validate);
        withSalt.Validate();
    }

    [Fact]
    public void TrafficSelector_FromPrefix_AndRangeChecks()
    {
        TrafficSelector selector = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.1.77"), 24);

        Assert.Equal(IPAddress.Parse("198.18.1.0"), selector.StartAddress);
        Assert.Equal(IPAddress.Parse("198.18.1.255"), selector.EndAddress);
        Assert.True(selector.ContainsAddress(IPAddress.Parse("198.18.1.200").GetAddressBytes()));
        Assert.False(selector.ContainsAddress(IPAddress.Parse("198.18.2.0").GetAddressBytes()));
        Assert.False(selector.ContainsAddress(IPAddress.Parse("2001:db8::1").GetAddressBytes()));
        Assert.Throws<ArgumentException>(() => new TrafficSelector(IPAddress.Parse("198.18.1.9"), IPAddress.Parse("198.18.1.1")));
        Assert.Throws<ArgumentException>(() => new TrafficSelector(IPAddress.Parse("198.18.1.1"), IPAddress.Parse("2001:db8::1")));
    }
}
