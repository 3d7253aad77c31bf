using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Runtime;

/// <summary>Configuration applier log messages (EventIds 1100–1199, the IKE daemon's range).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1100, LogLevel.Information, "Route {Prefix} via {Device} added")]
    public static partial void RouteAdded(ILogger logger, string prefix, string device);

    [LoggerMessage(1101, LogLevel.Information, "Route {Prefix} via {Device} removed")]
    public static partial void RouteRemoved(ILogger logger, string prefix, string device);

    [LoggerMessage(1102, LogLevel.Information, "Configuration revision {Revision} applied: {Added} added, {Changed} re-established, {Removed} removed, {Unchanged} untouched")]
    public static partial void Applied(ILogger logger, ulong revision, int added, int changed, int removed, int unchanged);

    [LoggerMessage(1103, LogLevel.Warning, "Configuration revision {Revision} refused: {Errors}")]
    public static partial void Refused(ILogger logger, ulong revision, string errors);

    [LoggerMessage(1104, LogLevel.Information, "Data path opened: TUN {Tun}, IKE on {Listen}, raw ESP/AH {Raw}")]
    public static partial void Opened(ILogger logger, string tun, string listen, bool raw);

    [LoggerMessage(1105, LogLevel.Warning, "Raw ESP/AH sockets unavailable ({Error}); ESP goes in UDP 4500")]
    public static partial void RawUnavailable(ILogger logger, string error);

    [LoggerMessage(1106, LogLevel.Information, "Shutting down: deleting IKE SAs")]
    public static partial void ShuttingDown(ILogger logger);
}
