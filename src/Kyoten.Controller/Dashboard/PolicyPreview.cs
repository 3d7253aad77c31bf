namespace Kyoten.Controller.Dashboard;

/// <summary>The effect of a policy or topology change before it is saved: which tunnels change and how.</summary>
public sealed record PolicyPreview(IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<TunnelChange> Changes, IReadOnlyList<string> Warnings);
