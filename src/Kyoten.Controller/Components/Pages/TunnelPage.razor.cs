using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class TunnelPage
{
    private TunnelDetail? _detail;
    private bool _missing;
    private TrafficRange _range = TrafficRange.Hour;
    private IReadOnlyList<TrafficPoint> _traffic = [];

    [Parameter]
    public string A { get; set; } = "";

    [Parameter]
    public string B { get; set; } = "";

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _detail = await Queries.TunnelAsync(A, B, cancellationToken);
        _missing = _detail is null;
        _traffic = _detail is null ? [] : await Queries.TrafficAsync(A, B, _range, cancellationToken);
    }

    private async Task RangeChangedAsync(TrafficRange range)
    {
        _range = range;
        _traffic = await Queries.TrafficAsync(A, B, _range, Stopping);
    }

    private TunnelState State(TunnelDetail d)
    {
        var now = Time.GetUtcNow();
        var samples = new[] { d.EndA.Ike, d.EndB.Ike }.Where(s => s is not null).ToList();
        return samples.Count == 0 ? TunnelState.Unknown
            : samples.Any(s => s!.At > now - FleetQueries.Stale && TunnelNames.IsUp(s.IkeState)) ? TunnelState.Up : TunnelState.Down;
    }

    private static DateTimeOffset? NextRekey(TunnelDetail d) =>
        new[] { d.EndA, d.EndB }.SelectMany(e => e.ChildSas.Select(c => c.NextRekeyAt).Append(e.Ike?.NextRekeyAt)).Where(t => t is not null).Min();
}
