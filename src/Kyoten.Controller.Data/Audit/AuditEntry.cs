namespace Kyoten.Controller.Data.Audit;

/// <summary>One admin change: who, when, what, and the entity before and after as JSON (secrets never included).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    /// <summary>E.g. "site.create", "policy.update", "agent.revoke".</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public string? EntityId { get; set; }

    /// <summary>jsonb; null for creations.</summary>
    public string? Before { get; set; }

    /// <summary>jsonb; null for deletions.</summary>
    public string? After { get; set; }
}
