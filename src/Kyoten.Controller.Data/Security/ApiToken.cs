namespace Kyoten.Controller.Data.Security;

/// <summary>A bearer token for the REST API (<c>kyt_…</c>); only the SHA-256 of the token is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required byte[] SecretHash { get; set; }

    /// <summary>"admin" or "viewer".</summary>
    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}
