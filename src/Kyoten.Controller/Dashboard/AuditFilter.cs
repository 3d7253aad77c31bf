namespace Kyoten.Controller.Dashboard;

/// <summary>Filters of the audit page; null means any.</summary>
public sealed record AuditFilter(string? EntityType, string? Actor, string? Search);
