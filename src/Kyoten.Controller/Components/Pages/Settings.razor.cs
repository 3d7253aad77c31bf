using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class Settings
{
    private CaSummary? _ca;
    private IReadOnlyList<ApiToken> _tokens = [];
    private IReadOnlyList<AdminUserRow> _users = [];
    private string _tokenName = "";
    private string _tokenRole = "viewer";
    private string? _newSecret;
    private string _userName = "";
    private string _userRole = "viewer";
    private string? _newPassword;

    [Inject]
    private UserAdministration Administration { get; set; } = default!;

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        _ca = Administration.Ca();
        return ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _tokens = await Administration.ApiTokensAsync(CancellationToken.None);
        _users = await Administration.UsersAsync(CancellationToken.None);
    }

    private async Task CreateTokenAsync()
    {
        var result = await Commands.CreateApiTokenAsync(new ApiTokenEndpoints.ApiTokenInput(_tokenName, _tokenRole, null), CancellationToken.None);
        if (Report(result))
        {
            (_newSecret, _tokenName) = (result.Value?.Secret, "");
            await ReloadAsync();
        }
    }

    private async Task RevokeTokenAsync(Guid id)
    {
        if (Report(await Commands.RevokeApiTokenAsync(id, CancellationToken.None)))
        {
            await ReloadAsync();
        }
    }

    private async Task CreateUserAsync()
    {
        var result = await Administration.CreateAsync(_userName.Trim(), _userRole, CancellationToken.None);
        if (Report(result))
        {
            (_newPassword, _userName) = (result.Value, "");
            await ReloadAsync();
        }
    }

    private async Task SetRoleAsync(string id, string role)
    {
        if (Report(await Administration.SetRoleAsync(id, role, CancellationToken.None)))
        {
            await ReloadAsync();
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
