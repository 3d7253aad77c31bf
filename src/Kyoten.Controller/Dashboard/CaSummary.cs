namespace Kyoten.Controller.Dashboard;

/// <summary>The controller CA as the settings page shows it.</summary>
public sealed record CaSummary(string Subject, string Sha256Fingerprint, DateTimeOffset NotAfter);
