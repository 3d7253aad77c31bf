using Kyoten.Agent.Config;
using Kyoten.Agent.Tests.Support;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Tests.Config;

public sealed class AgentConfigJsonTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "Examples", "agent-standalone.json");

    [Fact]
    public void ReadmeExample_ParsesAndValidates_TwoTunnelsOneCertificateOnePsk()
    {
        Assert.True(AgentConfigJson.TryLoad(ExamplePath, out var config, out var errors), string.Join("\n", errors));

        Assert.Empty(AgentConfigValidator.Validate(config));
        Assert.Equal(2, config.Tunnels.Count);
        Assert.Equal(AuthMethod.Certificate, config.Tunnels[0].Auth);
        Assert.Equal(AuthMethod.Psk, config.Tunnels[1].Auth);
        Assert.Equal("192.0.2.50", config.Tunnels[1].RemoteAddress);
    }

    [Fact]
    public void FormatThenParse_RoundTrips()
    {
        var config = TestConfigs.Valid(12, tunnels: 3);

        Assert.True(AgentConfigJson.TryParse(AgentConfigJson.Format(config), out var parsed, out _));

        Assert.Equal(config, parsed);
    }

    [Fact]
    public void SnakeCaseFieldNamesAndComments_AreAccepted()
    {
        const string json = """
            {
              // proto field names work as well as JSON names
              "site_name": "tokyo",
              "lan_subnets": ["198.18.1.0/24"]
            }
            """;

        Assert.True(AgentConfigJson.TryParse(json, out var config, out var errors), string.Join("\n", errors));
        Assert.Equal("tokyo", config.SiteName);
    }

    [Theory]
    [InlineData("""{"tunnels":[{"name":"a"},{"name":"b","auth":"AUTH_METHOD_PKS"}]}""", "tunnels[1].auth: \"AUTH_METHOD_PKS\" is not a valid AuthMethod")]
    [InlineData("""{"tunnels":[{"name":"a","remotePort":"fivehundred"}]}""", "tunnels[0].remotePort: expected a non-negative whole number")]
    [InlineData("""{"tunnels":[{"name":"a","remotePort":-1}]}""", "tunnels[0].remotePort: expected a non-negative whole number")]
    [InlineData("""{"tunnels":[{"name":"a","lifetimes":{"ikeSecs":3600}}]}""", "tunnels[0].lifetimes.ikeSecs: unknown field")]
    [InlineData("""{"tunnels":{"name":"a"}}""", "tunnels: expected a list")]
    [InlineData("""{"lanSubnets":"198.18.1.0/24"}""", "lanSubnets: expected a list")]
    [InlineData("""{"dataPath":{"clampTcpMss":"yes"}}""", "dataPath.clampTcpMss: expected true or false")]
    [InlineData("""{"siteNmae":"tokyo"}""", "siteNmae: unknown field")]
    public void MalformedFile_ErrorNamesTheField(string json, string expected)
    {
        Assert.False(AgentConfigJson.TryParse(json, out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenJson_ErrorGivesLineAndColumn()
    {
        Assert.False(AgentConfigJson.TryParse("{\n  \"siteName\": \"tokyo\",\n  \"tunnels\": [ }\n}", out _, out var errors));

        Assert.StartsWith("not valid JSON at line 3", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsInAStringField_NeverEchoItsValue()
    {
        // A PSK typed into the wrong place must not end up in an error message.
        var json = """{"tunnels":[{"name":"a","remotePort":"secret-psk-value-123456"}]}""";

        Assert.False(AgentConfigJson.TryParse(json, out _, out var errors));

        Assert.Contains(errors, e => e.StartsWith("tunnels[0].remotePort", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("secret-psk", StringComparison.Ordinal));
    }
}
