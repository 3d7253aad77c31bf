using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Shared;

/// <summary>
/// Adds and removes explicit links. Sites are named, not picked from a list, so the editor stays
/// usable at 1,000 sites; the preview resolves the names and the API's handler validates again.
/// </summary>
public sealed partial class LinksEditor
{
    private IReadOnlyList<LinkRow> _links = [];
    private string _siteA = "";
    private string _siteB = "";
    private PolicyPreview? _preview;
    private LinkRow? _removing;

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _links = await Queries.LinksAsync(CancellationToken.None);

    private async Task PreviewAddAsync()
    {
        _removing = null;
        _preview = await Queries.PreviewAddLinkAsync(_siteA.Trim(), _siteB.Trim(), CancellationToken.None);
    }

    private async Task PreviewRemoveAsync(LinkRow link)
    {
        _removing = link;
        _preview = await Queries.PreviewRemoveLinkAsync(link.Id, CancellationToken.None);
    }

    private async Task ApplyAsync()
    {
        bool ok;
        if (_removing is { } link)
        {
            ok = Report(await Commands.DeleteLinkAsync(link.Id, CancellationToken.None));
        }
        else
        {
            ok = Report(await Commands.AddLinkByNameAsync(_siteA.Trim(), _siteB.Trim(), CancellationToken.None));
        }

        if (ok)
        {
            Snackbar.Add(L["Topology saved; agents get the new configuration now."], Severity.Success);
            (_preview, _removing, _siteA, _siteB) = (null, null, "", "");
            _links = await Queries.LinksAsync(CancellationToken.None);
        }
    }

    private bool Report<T>(CommandResult<T> result)
    {
        if (result.Forbidden)
        {
            Snackbar.Add(L["Only admins can change this."], Severity.Error);
        }
        else if (result.FirstError is { } error)
        {
            Snackbar.Add(error, Severity.Error);
        }

        return result.Succeeded;
    }
}
