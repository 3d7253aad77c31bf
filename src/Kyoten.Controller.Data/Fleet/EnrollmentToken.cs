namespace Kyoten.Controller.Data.Fleet;

/// <summary>A token an agent trades for a certificate; only the SHA-256 of its secret is stored.</summary>
public sealed class EnrollmentToken
{
    public Guid Id { get; set; }

    public Guid SiteId { get; set; }

    public Site? Site { get; set; }

    public required byte[] SecretHash { get; set; }

    public int MaxUses { get; set; } = 1;

    public int Uses { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}
