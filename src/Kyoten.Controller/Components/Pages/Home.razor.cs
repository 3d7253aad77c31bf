using Kyoten.Controller.Components.Shared;
using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class Home
{
    /// <summary>The picture stays readable; the counts cover the whole fleet.</summary>
    private const int MaxDrawnSites = 60;

    private FleetCounts? _counts;
    private TopologyPicture? _picture;
    private IReadOnlyList<TunnelRow> _rekeys = [];
    private IReadOnlyList<EventRow> _events = [];

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    internal static string TunnelLink(string x, string y)
    {
        var (a, b) = TunnelNames.Canonical(x, y);
        return $"tunnels/{Uri.EscapeDataString(a)}/{Uri.EscapeDataString(b)}";
    }

    protected override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _counts = await Queries.CountsAsync(cancellationToken);
        _picture = await Queries.TopologyAsync(MaxDrawnSites, cancellationToken);
        _rekeys = await Queries.RekeyDueAsync(8, cancellationToken);
        _events = (await Queries.EventsAsync(new EventFilter(null, null, null), 0, 10, cancellationToken)).Items;
    }
}
