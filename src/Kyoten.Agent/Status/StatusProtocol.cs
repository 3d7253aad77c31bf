using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Status;

/// <summary>
/// state/agent.sock: the client sends the line <c>status</c>, the daemon answers with the current
/// TelemetryReport as protobuf JSON and closes. One request per connection.
/// </summary>
internal static class StatusProtocol
{
    public const string Request = "status";
    public const int MaxRequestBytes = 64;

    public static JsonFormatter Formatter { get; } = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());

    public static JsonParser Parser { get; } = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Format(TelemetryReport report) => Formatter.Format(report);
}
