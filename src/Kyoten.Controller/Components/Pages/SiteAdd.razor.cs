using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Fleet;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

public sealed partial class SiteAdd
{
    private MudForm? _form;
    private string _name = "";
    private string _description = "";
    private bool _dynamic;
    private string _wan = "";
    private string _subnets = "";
    private SiteRole _role = SiteRole.Mesh;
    private SiteKind _kind = SiteKind.Managed;
    private string _ikeIdentity = "";
    private int _tokenHours = 24;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private SiteCreated? _created;
    private EnrollmentTokenEndpoints.TokenCreated? _token;
    private string _command = "";

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private AgentCommandBuilder AgentCommand { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    private bool HasPrefix(string prefix) => _errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private string? ErrorsWithPrefix(string prefix) =>
        HasPrefix(prefix) ? string.Join(" ", _errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(e => e.Value)) : null;

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var subnets = _subnets.Split(['\n', ',', ' ', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (string?)s).ToList();
            var input = new SiteInput(_name.Trim(), _description, _dynamic ? null : _wan.Trim(), subnets, Api.EnumText.Of(_role), Api.EnumText.Of(_kind), null,
                _kind == SiteKind.External && _ikeIdentity.Length > 0 ? _ikeIdentity.Trim() : null, null);
            var result = await Commands.CreateSiteAsync(input, CancellationToken.None);
            if (result.Forbidden)
            {
                Snackbar.Add(L["Only admins can add sites."], Severity.Error);
                return;
            }

            _errors = result.Errors;
            if (!result.Succeeded || result.Value is null)
            {
                return;
            }

            _created = result.Value;
            if (_kind == SiteKind.Managed)
            {
                var token = await Commands.IssueTokenAsync(_created.Site.Id, _tokenHours, CancellationToken.None);
                _token = token.Value;
                _command = _token is null ? "" : AgentCommand.Command(_token.Secret);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Reset()
    {
        (_name, _description, _wan, _subnets, _ikeIdentity, _dynamic) = ("", "", "", "", "", false);
        (_created, _token, _command) = (null, null, "");
        _errors = new Dictionary<string, string[]>();
    }
}
