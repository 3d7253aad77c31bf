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
}
