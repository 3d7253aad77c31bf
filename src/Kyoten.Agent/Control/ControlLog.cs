using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Control;

/// <summary>Agent control-plane log messages (EventIds 3000–3099). Tokens, keys and PSKs never appear here.</summary>
internal static partial class ControlLog
{
    [LoggerMessage(3001, LogLevel.Information, "Enrolling with controller {Controller}")]
    public static partial void Enrolling(this ILogger logger, Uri controller);

    [LoggerMessage(3002, LogLevel.Information, "Enrolled as agent {AgentId} of site {Site}; certificate valid until {NotAfter:u}")]
    public static partial void Enrolled(this ILogger logger, string agentId, string site, DateTimeOffset notAfter);

    [LoggerMessage(3003, LogLevel.Warning, "Enrollment failed: {Reason}")]
    public static partial void EnrollFailed(this ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Warning, "Controller certificate refused: {Reason}")]
    public static partial void ControllerCertificateRefused(this ILogger logger, string reason);

    [LoggerMessage(3010, LogLevel.Information, "Connecting to controller {Controller}")]
    public static partial void Connecting(this ILogger logger, Uri controller);

    [LoggerMessage(3011, LogLevel.Information, "Connected to controller, running revision {Revision}")]
    public static partial void Connected(this ILogger logger, ulong revision);

    [LoggerMessage(3012, LogLevel.Warning, "Controller connection lost: {Reason}; retrying in {Delay}")]
    public static partial void ConnectionLost(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(3013, LogLevel.Information, "Controller closed the stream; retrying in {Delay}")]
    public static partial void StreamEnded(this ILogger logger, TimeSpan delay);

    [LoggerMessage(3020, LogLevel.Information, "Configuration revision {Revision} received ({Tunnels} tunnels)")]
    public static partial void ConfigReceived(this ILogger logger, ulong revision, int tunnels);

    [LoggerMessage(3021, LogLevel.Information, "Configuration revision {Revision} applied ({Tunnels} tunnels)")]
    public static partial void ConfigApplied(this ILogger logger, ulong revision, int tunnels);

    [LoggerMessage(3022, LogLevel.Warning, "Configuration revision {Revision} refused, revision {Kept} stays in force: {Errors}")]
    public static partial void ConfigRefused(this ILogger logger, ulong revision, ulong kept, string errors);

    [LoggerMessage(3023, LogLevel.Information, "Cached configuration revision {Revision} applied ({Tunnels} tunnels)")]
    public static partial void CachedConfigApplied(this ILogger logger, ulong revision, int tunnels);

    [LoggerMessage(3024, LogLevel.Warning, "Cached configuration ignored: {Errors}")]
    public static partial void CachedConfigUnusable(this ILogger logger, string errors);

    [LoggerMessage(3025, LogLevel.Error, "Could not write the configuration cache")]
    public static partial void CacheWriteFailed(this ILogger logger, Exception exception);

    [LoggerMessage(3030, LogLevel.Information, "Certificate renewed, valid until {NotAfter:u}; reconnecting with it")]
    public static partial void CertificateRenewed(this ILogger logger, DateTimeOffset notAfter);

    [LoggerMessage(3031, LogLevel.Warning, "Certificate renewal ignored: {Reason}")]
    public static partial void CertificateRenewalRefused(this ILogger logger, string reason);

    [LoggerMessage(3040, LogLevel.Information, "Configuration revision {Revision} recorded ({Tunnels} tunnels); no IKE daemon yet, tunnels are not started")]
    public static partial void ConfigRecorded(this ILogger logger, ulong revision, int tunnels);

    [LoggerMessage(3041, LogLevel.Information, "Running standalone from {File}, no controller")]
    public static partial void Standalone(this ILogger logger, string file);

    [LoggerMessage(3026, LogLevel.Error, "Applying configuration revision {Revision} failed unexpectedly")]
    public static partial void ApplierFailed(this ILogger logger, ulong revision, Exception exception);

    [LoggerMessage(3014, LogLevel.Warning, "Controller certificate refused: {Reason}; retrying in {Delay}")]
    public static partial void ControllerNotTrusted(this ILogger logger, string reason, TimeSpan delay);
}
