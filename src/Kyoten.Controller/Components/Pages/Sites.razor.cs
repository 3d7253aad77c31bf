using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class Sites
{
    private MudTable<SiteRow>? _table;
    private string? _search;

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    // The table pages and filters in SQL; a live refresh just asks it to reload its page.
    protected override Task RefreshAsync(CancellationToken cancellationToken) => _table?.ReloadServerData() ?? Task.CompletedTask;

    private async Task<TableData<SiteRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.SitesAsync(_search, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<SiteRow> { Items = page.Items, TotalItems = page.Total };
    }

    private Task SearchAsync(string? text)
    {
        _search = text;
        return _table?.ReloadServerData() ?? Task.CompletedTask;
    }
}
