using Kyoten.Agent.DataPath.Static;
using Kyoten.Esp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

public sealed class StaticTunnelCommandTests
{
    [Fact]
    public async Task MissingConfigArgument_IsAUsageError() =>
        Assert.Equal(2, await StaticTunnelCommand.RunAsync([]));

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "listen": "not-an-endpoint" }""")]
    [InlineData("""{ "tunnels": [ { "peer": "192.0.2.2:4500" } ] }""")] // SAs missing
    public async Task BadConfiguration_IsRefusedBeforeAnythingIsOpened(string json)
    {
        string path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(2, await StaticTunnelCommand.RunAsync(["--config", path]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TunnelConfig_MapsToSaParameters()
    {
        var tunnel = new StaticTunnelConfig
        {
            Peer = "192.0.2.2",
            LocalAddress = "192.0.2.1",
            Algorithm = EspAlgorithm.ChaCha20Poly1305,
            Local = ["198.18.1.0/24"],
            Remote = ["198.18.2.0/24", "198.18.3.7"],
            Inbound = new StaticSaConfig { Spi = "0x2000", EncryptionKey = new string('a', 72) },
            Outbound = new StaticSaConfig { Spi = "4096", EncryptionKey = new string('b', 72) },
        };

        SaParameters inbound = tunnel.ToSaParameters(inbound: true);
        SaParameters outbound = tunnel.ToSaParameters(inbound: false);

        Assert.Equal((0x2000u, 0x1000u), (inbound.Spi, outbound.Spi));
        Assert.Equal(36, outbound.EncryptionKey.Length);
        Assert.Equal(4500, tunnel.PeerEndPoint.Port);
        Assert.Equal(2, outbound.RemoteSelectors.Count);
        Assert.True(outbound.RemoteSelectors[1].ContainsAddress([198, 18, 3, 7]));
        Assert.False(outbound.RemoteSelectors[1].ContainsAddress([198, 18, 3, 8]));
        Assert.Equal("192.0.2.1", outbound.TunnelLocal!.ToString());
        inbound.Validate();
    }
}
