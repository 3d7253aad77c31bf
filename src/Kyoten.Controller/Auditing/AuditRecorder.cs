using System.Security.Claims;
using System.Text.Json;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Audit;

namespace Kyoten.Controller.Auditing;

/// <summary>Adds an audit row to the same unit of work as the change it describes. Callers pass views without secrets.</summary>
internal sealed class AuditRecorder(TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public void Record(KyotenDbContext db, ClaimsPrincipal user, string action, string entityType, object? entityId, object? before, object? after)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = user.Identity?.Name ?? "unknown",
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Before = before is null ? null : JsonSerializer.Serialize(before, before.GetType(), Json),
            After = after is null ? null : JsonSerializer.Serialize(after, after.GetType(), Json),
        });
    }
}
