using System.ComponentModel.DataAnnotations;

namespace Kyoten.Controller.Hosting;

/// <summary>The controller's own settings, section <c>Kyoten</c>.</summary>
public sealed class KyotenOptions
{
    public const string Section = "Kyoten";

    /// <summary>Apply pending EF Core migrations when the controller starts.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// The first admin's password. When empty, a random one-time password is generated on first
    /// start, printed once to the console and written to <see cref="InitialAdminPasswordFile"/>.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>Where a generated first-admin password is written (mode 0600), if set.</summary>
    public string? InitialAdminPasswordFile { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z0-9._@-]{1,64}$", ErrorMessage = "InitialAdminUser: 1-64 letters, digits or ._@-")]
    public string InitialAdminUser { get; set; } = "admin";

    /// <summary>
    /// The agents' gRPC endpoint (HTTPS, client certificates, served by the controller's own CA).
    /// Empty disables it (dashboard and REST only).
    /// </summary>
    public string? AgentEndpoint { get; set; } = "https://0.0.0.0:5443";

    /// <summary>DNS names and IP addresses the agent endpoint's server certificate is issued for.</summary>
    public List<string> AgentEndpointNames { get; set; } = [];

    [Range(2, 825)]
    public int AgentCertificateDays { get; set; } = 90;

    /// <summary>Renew an agent certificate (pushed on its stream) when it has less than this left.</summary>
    [Range(1, 365)]
    public int AgentRenewBeforeDays { get; set; } = 30;

    [Range(1, 3600)]
    public int AgentKeepaliveSeconds { get; set; } = 15;

    /// <summary>Telemetry samples older than this are deleted.</summary>
    [Range(1, 3650)]
    public int TelemetryRetentionDays { get; set; } = 7;

    [Range(1, 3650)]
    public int EventRetentionDays { get; set; } = 90;
}
