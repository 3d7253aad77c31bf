using System.Net;
using Kyoten.Agent.Ike;
using Kyoten.Esp;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Transforms;
using IkeSelector = Kyoten.Ike.Payloads.TrafficSelector;

namespace Kyoten.Agent.Tests.Runtime;

public sealed class ChildSaMapperTests
{
    private static ChildSaParameters Child(EncryptionAlgorithm encryption, int bits, IntegrityAlgorithm integrity, int encKey, int intKey, ProtocolId protocol = ProtocolId.Esp) => new()
    {
        PeerName = "t#1",
        Protocol = protocol,
        Mode = ChildMode.Tunnel,
        InboundSpi = 0x11111111,
        OutboundSpi = 0x22222222,
        Algorithms = new ChildAlgorithms(encryption, bits, integrity, KeyExchangeMethod.None, ExtendedSequenceNumbers: true),
        InboundEncryptionKey = Enumerable.Repeat((byte)0xA1, encKey).ToArray(),
        InboundIntegrityKey = Enumerable.Repeat((byte)0xA2, intKey).ToArray(),
        OutboundEncryptionKey = Enumerable.Repeat((byte)0xB1, encKey).ToArray(),
        OutboundIntegrityKey = Enumerable.Repeat((byte)0xB2, intKey).ToArray(),
        LocalTrafficSelectors = [new IkeSelector(IPAddress.Parse("198.18.1.0"), IPAddress.Parse("198.18.1.255"))],
        RemoteTrafficSelectors = [new IkeSelector(IPAddress.Parse("198.18.2.0"), IPAddress.Parse("198.18.2.255"), 6, 80, 80)],
        LocalEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 4500),
        RemoteEndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 4500),
        UdpEncapsulation = true,
        Lifetime = TimeSpan.FromHours(1),
    };

    [Fact]
    public void AesGcm256_maps_each_direction_to_its_own_SPI_and_keys()
    {
        var limits = DataPathLimits.From(replayWindow: 128, childBytes: 1000, childPackets: 0);
        Assert.True(ChildSaMapper.TryMap(Child(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, 36, 0), limits, out var inbound, out var outbound, out var error), error);

        Assert.Equal(0x11111111u, inbound!.Spi);
        Assert.Equal(0x22222222u, outbound!.Spi);
        Assert.Equal(EspAlgorithm.AesGcm256, inbound.EspAlgorithm);
        Assert.All(inbound.EncryptionKey.ToArray(), b => Assert.Equal(0xA1, b));
        Assert.All(outbound.EncryptionKey.ToArray(), b => Assert.Equal(0xB1, b));
        Assert.True(inbound.ExtendedSequenceNumbers);
        Assert.Equal(128, inbound.ReplayWindowSize);
        Assert.Equal(1000, outbound.HardLifetimeBytes);
        Assert.Equal(900, outbound.SoftLifetimeBytes);
        Assert.Equal(IpsecMode.Tunnel, outbound.Mode);
        Assert.True(outbound.RemoteSelectors[0].Matches(IPAddress.Parse("198.18.2.7").GetAddressBytes(), 6, true, 80));
        Assert.False(outbound.RemoteSelectors[0].Matches(IPAddress.Parse("198.18.2.7").GetAddressBytes(), 6, true, 443));
    }

    [Theory]
    [InlineData(EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None, 20, 0, EspAlgorithm.AesGcm128)]
    [InlineData(EncryptionAlgorithm.ChaCha20Poly1305, 0, IntegrityAlgorithm.None, 36, 0, EspAlgorithm.ChaCha20Poly1305)]
    [InlineData(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128, 16, 32, EspAlgorithm.AesCbc128HmacSha256)]
    [InlineData(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_512_256, 32, 64, EspAlgorithm.AesCbc256HmacSha512)]
    [InlineData(EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha2_384_192, 0, 48, EspAlgorithm.NullHmacSha384)]
    public void Esp_transforms_map_to_the_data_path_algorithm(EncryptionAlgorithm encryption, int bits, IntegrityAlgorithm integrity, int encKey, int intKey, EspAlgorithm expected)
    {
        Assert.True(ChildSaMapper.TryMap(Child(encryption, bits, integrity, encKey, intKey), DataPathLimits.Default, out var inbound, out _, out var error), error);
        Assert.Equal(expected, inbound!.EspAlgorithm);
    }

    [Fact]
    public void Ah_maps_the_integrity_algorithm()
    {
        Assert.True(ChildSaMapper.TryMap(Child(EncryptionAlgorithm.None, 0, IntegrityAlgorithm.HmacSha2_256_128, 0, 32, ProtocolId.Ah), DataPathLimits.Default, out var inbound, out var outbound, out var error), error);
        Assert.Equal(IpsecProtocol.Ah, inbound!.Protocol);
        Assert.Equal(AhAlgorithm.HmacSha256, outbound!.AhAlgorithm);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), outbound.TunnelRemote);
    }

    [Fact]
    public void A_transform_the_data_path_lacks_is_refused_with_a_reason()
    {
        Assert.False(ChildSaMapper.TryMap(Child(EncryptionAlgorithm.AesGcm16, 192, IntegrityAlgorithm.None, 28, 0), DataPathLimits.Default, out var inbound, out _, out var error));
        Assert.Null(inbound);
        Assert.Contains("aes192gcm16", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_key_length_is_refused_not_installed()
    {
        Assert.False(ChildSaMapper.TryMap(Child(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, 32, 0), DataPathLimits.Default, out _, out _, out var error));
        Assert.Contains("EncryptionKey", error, StringComparison.Ordinal);
    }
}
