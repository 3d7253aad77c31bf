using Kyoten.Controller.Api;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Dashboard;

internal sealed partial class FleetQueries
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    /// <summary>Validates the edit with the API's validator, then compiles the fleet with and without it and diffs the tunnels.</summary>
    public async Task<PolicyPreview> PreviewPolicyAsync(Guid id, PolicyInput input, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (existing is null)
        {
            return new PolicyPreview(new Dictionary<string, string[]> { ["id"] = ["no such policy"] }, [], []);
        }

        var (errors, candidate) = await PolicyValidator.ValidateAsync(db, input, existing, cancellationToken);
        if (errors.Any)
        {
            return new PolicyPreview(CommandResult<object>.From(errors.ToResult()).Errors, [], []);
        }

        var before = await reconciler.LoadAsync(db, cancellationToken);
        var after = before with { Policies = [.. before.Policies.Select(p => p.Id == id ? candidate : p)] };
        return Diff(before, after);
    }

    public async Task<PolicyPreview> PreviewTopologyAsync(TopologyMode mode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = await reconciler.LoadAsync(db, cancellationToken);
        return Diff(before, before with { Mode = mode });
    }

    internal static PolicyPreview Diff(CompilerInput before, CompilerInput after)
    {
        var old = ConfigCompiler.Compile(before).Tunnels.ToDictionary(Key, StringComparer.Ordinal);
        var compiled = ConfigCompiler.Compile(after);
        var changes = new List<TunnelChange>();
        foreach (var tunnel in compiled.Tunnels)
        {
            if (!old.Remove(Key(tunnel), out var was))
            {
                changes.Add(new TunnelChange(Key(tunnel), TunnelChangeKind.Added, tunnel.Policy.Name));
            }
            else if (Describe(was, tunnel) is { Length: > 0 } detail)
            {
                changes.Add(new TunnelChange(Key(tunnel), TunnelChangeKind.Changed, detail));
            }
        }

        changes.AddRange(old.Values.Select(t => new TunnelChange(Key(t), TunnelChangeKind.Removed, t.Policy.Name)));
        return new PolicyPreview(NoErrors, [.. changes.OrderBy(c => c.Tunnel, StringComparer.Ordinal)], compiled.Warnings);
    }

    private static string Key(CompiledTunnel t) => $"{t.A.Name}--{t.B.Name}";

    /// <summary>What differs between two compilations of one tunnel, as "field: old → new"; empty when nothing does.</summary>
    private static string Describe(CompiledTunnel was, CompiledTunnel now)
    {
        var parts = new List<string>();
        void Compare(string field, object? a, object? b)
        {
            var (x, y) = (a is IEnumerable<string> la ? string.Join(", ", la) : a?.ToString(), b is IEnumerable<string> lb ? string.Join(", ", lb) : b?.ToString());
            if (!string.Equals(x, y, StringComparison.Ordinal))
            {
                parts.Add($"{field}: {x} → {y}");
            }
        }

        Compare("policy", was.Policy.Name, now.Policy.Name);
        Compare("ike", was.Policy.IkeVersion, now.Policy.IkeVersion);
        Compare("ikeProposals", was.Policy.IkeProposals, now.Policy.IkeProposals);
        Compare("childProposals", was.Policy.ChildProposals, now.Policy.ChildProposals);
        Compare("protocol", was.Policy.Protocol, now.Policy.Protocol);
        Compare("mode", was.Policy.Mode, now.Policy.Mode);
        Compare("pfs", was.Policy.PfsGroup, now.Policy.PfsGroup);
        Compare("ikeLifetime", was.Policy.IkeLifetimeSeconds, now.Policy.IkeLifetimeSeconds);
        Compare("childLifetime", was.Policy.ChildLifetimeSeconds, now.Policy.ChildLifetimeSeconds);
        Compare("rekeyMargin", was.Policy.RekeyMarginSeconds, now.Policy.RekeyMarginSeconds);
        Compare("dpd", was.Policy.DpdIntervalSeconds, now.Policy.DpdIntervalSeconds);
        Compare("replayWindow", was.Policy.ReplayWindow, now.Policy.ReplayWindow);
        Compare("initiator", was.Initiator.Name, now.Initiator.Name);
        Compare("selectors", was.TsA.Concat(was.TsB), now.TsA.Concat(now.TsB));
        return string.Join("; ", parts);
    }
}
