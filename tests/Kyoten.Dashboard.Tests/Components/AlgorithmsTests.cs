using Bunit;
using Kyoten.Controller.Components.Shared;

namespace Kyoten.Dashboard.Tests.Components;

public sealed class AlgorithmsTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", new string[0])]
    [InlineData("aes128-sha1-modp1024", new[] { "sha1", "modp1024" })]
    [InlineData("3des-md5-modp768", new[] { "3des", "md5", "modp768" })]
    public async Task Flags_each_weak_algorithm(string negotiated, string[] weak)
    {
        await using var context = DashboardContext.Create(new FakeFleetQueries(), out _);
        var cut = context.Render<Algorithms>(p => p.Add(a => a.Text, negotiated));

        Assert.Equal(weak.Select(w => $"weak: {w}"), cut.FindAll("[data-testid=weak]").Select(e => e.TextContent.Trim()));
    }
}
