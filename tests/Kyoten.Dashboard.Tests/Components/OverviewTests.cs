using Bunit;
using Kyoten.Controller.Components.Pages;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Fleet;

namespace Kyoten.Dashboard.Tests.Components;

public sealed class OverviewTests
{
    [Fact]
    public async Task Shows_counts_and_draws_tunnels_coloured_by_state()
    {
        var queries = new FakeFleetQueries
        {
            Counts = new FleetCounts(3, 2, 1, 1, 1, 0),
            Picture = new TopologyPicture(
                [new(Guid.NewGuid(), "tokyo", AgentConnectionState.Connected), new(Guid.NewGuid(), "osaka", AgentConnectionState.Disconnected), new(Guid.NewGuid(), "nagoya", null)],
                [new("osaka", "tokyo", TunnelState.Up), new("nagoya", "tokyo", TunnelState.Down)], 0),
        };
        await using var context = DashboardContext.Create(queries, out _);
        var cut = context.Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=count-sites]").TextContent.Trim()));
        Assert.Equal("1 / 2", cut.Find("[data-testid=count-agents]").TextContent.Trim());
        Assert.Single(cut.FindAll("line.edge.up"));
        Assert.Single(cut.FindAll("line.edge.down"));
        Assert.Single(cut.FindAll("circle.node.down"));
    }

    [Fact]
    public async Task Re_queries_when_the_fleet_signal_fires()
    {
        var queries = new FakeFleetQueries { Counts = new FleetCounts(1, 0, 0, 0, 0, 0) };
        await using var context = DashboardContext.Create(queries, out var signal);
        var cut = context.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=count-up]").TextContent.Trim()));

        queries.Counts = new FleetCounts(1, 1, 1, 5, 0, 0);
        signal.Raise();

        cut.WaitForAssertion(() => Assert.Equal("5", cut.Find("[data-testid=count-up]").TextContent.Trim()));
    }

    [Fact]
    public async Task Site_names_in_the_picture_are_text_not_markup()
    {
        var queries = new FakeFleetQueries { Picture = new TopologyPicture([new(Guid.NewGuid(), "<script>alert(1)</script>", null)], [], 0) };
        await using var context = DashboardContext.Create(queries, out _);
        var cut = context.Render<Home>();

        cut.WaitForAssertion(() => Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("svg script"));
    }

    [Fact]
    public async Task A_large_fleet_draws_a_bounded_picture_and_says_how_many_are_hidden()
    {
        var nodes = Enumerable.Range(0, 60).Select(i => new TopologyNode(Guid.NewGuid(), $"site-{i:D4}", null)).ToList();
        var queries = new FakeFleetQueries { Counts = new FleetCounts(1000, 0, 0, 0, 0, 0), Picture = new TopologyPicture(nodes, [], 940) };
        await using var context = DashboardContext.Create(queries, out _);
        var cut = context.Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal(60, cut.FindAll("circle.node").Count));
        Assert.Contains("940 more sites not drawn", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("1,000", cut.Find("[data-testid=count-sites]").TextContent.Trim());
    }
}
