using System.Globalization;
using Bunit;
using Kyoten.Controller.Components.Shared;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Dashboard.Tests.Components;

/// <summary>The agent card on the site page: the IKE engine counters the agent last reported.</summary>
public sealed class IkeCountersTests
{
    private static readonly AgentIkeStatistics Stats = new()
    {
        At = new DateTimeOffset(2026, 11, 27, 11, 59, 0, TimeSpan.Zero),
        RequestsSent = 1234, Retransmissions = 7, ExchangesGivenUp = 2, Malformed = 3, NoPeerConfig = 9,
    };

    [Fact]
    public async Task Shows_each_counter_with_its_value()
    {
        await using var context = DashboardContext.Create(new FakeFleetQueries(), out _);
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            var cut = context.Render<IkeCounters>(p => p.Add(c => c.Statistics, Stats));

            var rows = cut.FindAll("[data-testid=ike-counters] tr").ToDictionary(r => r.Children[0].TextContent.Trim(), r => r.Children[1].TextContent.Trim());
            Assert.Equal("1,234", rows["Requests sent"]);
            Assert.Equal("7", rows["Retransmissions"]);
            Assert.Equal("2", rows["Exchanges given up"]);
            Assert.Equal("3", rows["Dropped: malformed"]);
            Assert.Equal("9", rows["Dropped: no peer configuration"]);
            Assert.Equal("0", rows["Dropped: unknown SPI"]);
            Assert.Equal(14, rows.Count);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    [Fact]
    public async Task Japanese_labels_and_a_note_when_nothing_was_reported()
    {
        await using var context = DashboardContext.Create(new FakeFleetQueries(), out _);
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
            var cut = context.Render<IkeCounters>(p => p.Add(c => c.Statistics, Stats));
            Assert.Contains("再送", cut.Find("[data-testid=ike-counters]").TextContent, StringComparison.Ordinal);

            var none = context.Render<IkeCounters>();
            Assert.Equal("まだ報告がありません。", none.Find("[data-testid=ike-counters-none]").TextContent.Trim());
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
