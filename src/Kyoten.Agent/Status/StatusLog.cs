using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Status;

/// <summary>Status socket log messages (EventIds 3100–3199).</summary>
internal static partial class StatusLog
{
    [LoggerMessage(3101, LogLevel.Information, "Status socket listening on {Path}")]
    public static partial void Listening(this ILogger logger, string path);

    [LoggerMessage(3102, LogLevel.Debug, "Status request failed")]
    public static partial void RequestFailed(this ILogger logger, Exception exception);

    [LoggerMessage(3103, LogLevel.Error, "Another agent already serves {Path}")]
    public static partial void AlreadyRunning(this ILogger logger, string path);
}
