using Kyoten.Controller.Api;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data.Fleet;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Kyoten.Controller.Components.Pages;

/// <summary>Edit a policy or the topology mode; the compiler's before/after diff is shown before anything is applied.</summary>
public sealed partial class Policies
{
    private IReadOnlyList<CryptoPolicy> _policies = [];
    private CryptoPolicy? _selected;
    private PolicyForm _form = new();
    private TopologyMode _mode;
    private PolicyPreview? _preview;
    private bool _policyPreviewed;
    private bool _topologyPreviewed;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Inject]
    private IFleetQueries Queries { get; set; } = default!;

    [Inject]
    private DashboardCommands Commands { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _policies = await Queries.PoliciesAsync(CancellationToken.None);
        _mode = await Queries.TopologyModeAsync(CancellationToken.None);
        if (_policies.Count > 0)
        {
            await SelectAsync(_policies[0].Id);
        }
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    private bool HasPrefix(string prefix) => _errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

    private string? ErrorsWithPrefix(string prefix) =>
        HasPrefix(prefix) ? string.Join(" ", _errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(e => e.Value)) : null;

    private Task SelectAsync(Guid id)
    {
        _selected = _policies.FirstOrDefault(p => p.Id == id);
        _form = _selected is null ? new() : PolicyForm.From(_selected);
        (_preview, _policyPreviewed, _errors) = (null, false, new Dictionary<string, string[]>());
        return Task.CompletedTask;
    }

    private async Task PreviewPolicyAsync()
    {
        _preview = await Queries.PreviewPolicyAsync(_selected!.Id, _form.ToInput(), CancellationToken.None);
        _errors = _preview.Errors;
        _policyPreviewed = _preview.Errors.Count == 0;
        _topologyPreviewed = false;
    }

    private async Task ApplyPolicyAsync()
    {
        var result = await Commands.UpdatePolicyAsync(_selected!.Id, _form.ToInput(), CancellationToken.None);
        if (Report(result))
        {
            Snackbar.Add(L["Policy saved; agents get the new configuration now."], Severity.Success);
            _policies = await Queries.PoliciesAsync(CancellationToken.None);
            await SelectAsync(_selected.Id);
        }
    }

    private async Task PreviewTopologyAsync()
    {
        _preview = await Queries.PreviewTopologyAsync(_mode, CancellationToken.None);
        _topologyPreviewed = true;
        _policyPreviewed = false;
    }

    private async Task ApplyTopologyAsync()
    {
        if (Report(await Commands.SetTopologyAsync(EnumText.Of(_mode), CancellationToken.None)))
        {
            Snackbar.Add(L["Topology saved; agents get the new configuration now."], Severity.Success);
            (_preview, _topologyPreviewed) = (null, false);
        }
    }

    private bool Report<T>(CommandResult<T> result)
    {
        _errors = result.Errors;
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
