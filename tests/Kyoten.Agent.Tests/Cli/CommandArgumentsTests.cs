using Kyoten.Agent.Cli;

namespace Kyoten.Agent.Tests.Cli;

public sealed class CommandArgumentsTests
{
    private static readonly string[] Values = ["--state", "--config"];
    private static readonly string[] Flags = ["--json"];

    [Fact]
    public void ValuesAndFlags_AreRead_InBothSpellings()
    {
        Assert.True(CommandArguments.TryParse(["--state", "/s", "--config=/c.json", "--json"], Values, Flags, out var parsed, out _));

        Assert.Equal("/s", parsed.Value("--state"));
        Assert.Equal("/c.json", parsed.Value("--config"));
        Assert.True(parsed.Flag("--json"));
    }

    [Theory]
    [InlineData("unknown option '--nope'", "--nope")]
    [InlineData("--state needs a value", "--state")]
    [InlineData("--state given twice", "--state", "a", "--state", "b")]
    [InlineData("unknown option 'stray'", "stray")]
    public void Mistakes_AreNamed(string expected, params string[] args)
    {
        Assert.False(CommandArguments.TryParse(args, Values, Flags, out _, out var error));

        Assert.Equal(expected, error);
    }
}
