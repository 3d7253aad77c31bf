using System.Globalization;

namespace Kyoten.LoadTest;

/// <summary>Command line: <c>--agents N --telemetry-seconds S --telemetry-interval S --ramp-wave N --changes N --connection-string CS</c>.</summary>
internal sealed record LoadOptions(int Agents, int TelemetrySeconds, int TelemetryIntervalSeconds, string? ConnectionString, int RampWave, int Changes)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new LoadOptions(
            int.Parse(Value("--agents") ?? "100", CultureInfo.InvariantCulture),
            int.Parse(Value("--telemetry-seconds") ?? "60", CultureInfo.InvariantCulture),
            int.Parse(Value("--telemetry-interval") ?? "10", CultureInfo.InvariantCulture),
            Value("--connection-string"),
            int.Parse(Value("--ramp-wave") ?? "250", CultureInfo.InvariantCulture),
            int.Parse(Value("--changes") ?? "3", CultureInfo.InvariantCulture));
    }
}
