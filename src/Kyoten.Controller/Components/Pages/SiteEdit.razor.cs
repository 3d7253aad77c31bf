using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Fleet;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

/// <summary>
/// Edits what an admin changes day to day; kind, policy and IKE identity are kept as they are.
/// Saves through the REST API's update handler, so validation (overlaps name both sites) and
/// the audit entry with before/after are the API's.
/// </summary>
public sealed partial class SiteEdit
{
    private Site? _site;
    private bool _loaded;
    private bool _missing;
    private string _name = "";
    private string _description = "";
    private bool _dynamic;
    private string _wan = "";
    private string _subnets = "";
    private SiteRole _role;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _site = (await Queries.SiteAsync(Id, CancellationToken.None))?.Site;
        _missing = _site is null;
        if (_site is { } s)
        {
            (_name, _description, _wan, _role) = (s.Name, s.Description, s.WanAddress ?? "", s.Role);
            _dynamic = string.IsNullOrEmpty(s.WanAddress);
            _subnets = string.Join('\n', s.LanSubnets);
        }

        _loaded = true;
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    private bool HasPrefix(string prefix) => _errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private string? ErrorsWithPrefix(string prefix) =>
        HasPrefix(prefix) ? string.Join(" ", _errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(e => e.Value)) : null;

    private async Task SaveAsync()
    {
        if (_site is not { } site)
        {
            return;
        }

        _saving = true;
        try
        {
            var subnets = _subnets.Split(['\n', ',', ' ', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (string?)s).ToList();
            // A blank fixed address goes to the API as " " so its validator rejects it instead of reading "dynamic".
            var wan = _dynamic ? null : _wan.Trim().Length == 0 ? " " : _wan.Trim();
            var input = new SiteInput(_name.Trim(), _description, wan, subnets, EnumText.Of(_role), EnumText.Of(site.Kind), site.PolicyId, site.IkeIdentity, null);
            var result = await Commands.UpdateSiteAsync(Id, input, CancellationToken.None);
            if (result.Forbidden)
            {
                Snackbar.Add(L["Only admins can change this."], Severity.Error);
                return;
            }

            _errors = result.Errors;
            if (!_dynamic && _wan.Trim().Length == 0)
            {
                _errors = new Dictionary<string, string[]>(_errors) { ["wanAddress"] = [L["Enter the WAN address or choose dynamic."]] };
            }

            if (result.NotFound)
            {
                _missing = true;
            }
            else if (result.Succeeded)
            {
                Snackbar.Add(L["Site saved."], Severity.Success);
                Navigation.NavigateTo($"sites/{Id}");
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
