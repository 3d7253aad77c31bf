namespace Kyoten.Controller.Data.Fleet;

/// <summary>The enrolled agent of a managed site (one per site; re-enrolling replaces its certificate).</summary>
public sealed class Agent
{
    public Guid Id { get; set; }

    public Guid SiteId { get; set; }

    public Site? Site { get; set; }

    /// <summary>Hex SHA-256 of the current certificate's DER.</summary>
    public required string CertificateFingerprint { get; set; }

    /// <summary>The certificate before the last renewal, accepted until it expires.</summary>
    public string? PreviousCertificateFingerprint { get; set; }

    public DateTimeOffset? PreviousCertificateExpiresAt { get; set; }

    public required byte[] CertificateDer { get; set; }

    public DateTimeOffset CertificateExpiresAt { get; set; }

    public string Version { get; set; } = "";

    public DateTimeOffset EnrolledAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Revision the controller wants the agent to run; bumped only when <see cref="ConfigHash"/> changes.</summary>
    public long DesiredRevision { get; set; }

    public long AppliedRevision { get; set; }

    /// <summary>Hex SHA-256 of the compiled config (revision excluded).</summary>
    public string ConfigHash { get; set; } = "";

    /// <summary>The compiled <c>AgentConfig</c> protobuf at <see cref="DesiredRevision"/>, PSKs protected.</summary>
    public byte[] ProtectedConfig { get; set; } = [];

    public AgentConnectionState ConnectionState { get; set; }

    /// <summary>The agent's errors when it refused a config; null after a successful apply.</summary>
    public string? LastError { get; set; }

    /// <summary>The IKE engine counters from the agent's latest report carrying them.</summary>
    public AgentIkeStatistics? IkeStatistics { get; set; }
}
