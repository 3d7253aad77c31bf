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
    private bool _creating;
    private bool _deletePreviewed;
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
        (_preview, _policyPreviewed, _deletePreviewed, _creating, _errors) = (null, false, false, false, new Dictionary<string, string[]>());
        return Task.CompletedTask;
    }

    /// <summary>A new policy starts from the default one's settings under a blank name.</summary>
    private void NewPolicy()
    {
        var template = _policies.FirstOrDefault(p => p.IsDefault) ?? _policies.FirstOrDefault();
        _form = template is null ? new() : PolicyForm.From(template);
        _form.Name = "";
        (_selected, _creating, _preview, _policyPreviewed, _deletePreviewed, _errors) = (null, true, null, false, false, new Dictionary<string, string[]>());
    }

    private async Task PreviewPolicyAsync()
    {
        _preview = _creating
            ? await Queries.PreviewNewPolicyAsync(_form.ToInput(), CancellationToken.None)
            : await Queries.PreviewPolicyAsync(_selected!.Id, _form.ToInput(), CancellationToken.None);
        _errors = _preview.Errors;
        _policyPreviewed = _preview.Errors.Count == 0;
        (_topologyPreviewed, _deletePreviewed) = (false, false);
    }

    private async Task ApplyPolicyAsync()
    {
        Guid? saved = null;
        if (_creating)
        {
            var created = await Commands.CreatePolicyAsync(_form.ToInput(), CancellationToken.None);
            saved = Report(created) ? created.Value?.Id : null;
        }
        else
        {
            saved = Report(await Commands.UpdatePolicyAsync(_selected!.Id, _form.ToInput(), CancellationToken.None)) ? _selected.Id : null;
        }

        if (saved is { } id)
        {
            Snackbar.Add(L["Policy saved; agents get the new configuration now."], Severity.Success);
            _policies = await Queries.PoliciesAsync(CancellationToken.None);
            await SelectAsync(id);
        }
    }

    private async Task PreviewDeleteAsync()
    {
        _preview = await Queries.PreviewDeletePolicyAsync(_selected!.Id, CancellationToken.None);
        _deletePreviewed = _preview.Errors.Count == 0;
        (_policyPreviewed, _topologyPreviewed) = (false, false);
    }

    private async Task DeletePolicyAsync()
    {
        if (Report(await Commands.DeletePolicyAsync(_selected!.Id, CancellationToken.None)))
        {
            Snackbar.Add(L["Policy deleted."], Severity.Success);
            _policies = await Queries.PoliciesAsync(CancellationToken.None);
            await SelectAsync(_policies.FirstOrDefault()?.Id ?? Guid.Empty);
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
