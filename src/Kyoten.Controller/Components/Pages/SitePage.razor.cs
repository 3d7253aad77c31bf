using Kyoten.Controller.Dashboard;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class SitePage
{
    private SiteDetail? _detail;
    private bool _missing;
    private string? _newCommand;
    private DateTimeOffset _newExpiry;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private AgentCommandBuilder AgentCommand { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _detail = await Queries.SiteAsync(Id, cancellationToken);
        _missing = _detail is null;
    }

    private async Task IssueAsync()
    {
        var result = await Commands.IssueTokenAsync(Id, 24, Stopping);
        if (Report(result) && result.Value is { } token)
        {
            _newCommand = AgentCommand.Command(token.Secret);
            _newExpiry = token.Token.ExpiresAt;
        }
    }

    private async Task RevokeAsync(Guid tokenId)
    {
        if (Report(await Commands.RevokeTokenAsync(tokenId, Stopping)))
        {
            Snackbar.Add(L["Token revoked."], Severity.Success);
        }
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Delete site"], L["Delete {0}? Its tunnels go down on every peer.", _detail?.Site.Name ?? ""],
            yesText: L["Delete"], cancelText: L["Cancel"]);
        if (confirmed == true && Report(await Commands.DeleteSiteAsync(Id, Stopping)))
        {
            Navigation.NavigateTo("sites");
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
