using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kyoten.Agent.DataPath.Tun;

namespace Kyoten.Agent.DataPath.Static;

/// <summary>
/// <c>kyoten-agent datapath-static --config FILE [--stdin-stop]</c>: runs a data path with fixed SAs
/// until SIGINT, SIGTERM or (with --stdin-stop) end of stdin; the line <c>stats</c> on stdin prints
/// the counters. Prints <c>ready &lt;tun&gt;</c> once the TUN exists (the caller then adds addresses
/// and routes) and a JSON <c>stats</c> line on exit. For tests and benchmarks only.
/// </summary>
internal static class StaticTunnelCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        int index = Array.IndexOf(args, "--config");
        if (index < 0 || index + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync("usage: kyoten-agent datapath-static --config FILE [--stdin-stop]").ConfigureAwait(false);
            return 2;
        }

        StaticDataPathConfig config;
        DataPathOptions options;
        try
        {
            config = JsonSerializer.Deserialize<StaticDataPathConfig>(await File.ReadAllTextAsync(args[index + 1]).ConfigureAwait(false), Json)
                ?? throw new JsonException("empty configuration");
            options = ToOptions(config);
        }
        catch (Exception e) when (e is JsonException or IOException or FormatException)
        {
            await Console.Error.WriteLineAsync($"datapath-static: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        DataPathEngine engine;
        try
        {
            engine = DataPathEngine.Open(options, TimeProvider.System);
        }
        catch (Exception e) when (e is IOException or ArgumentException or FormatException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"datapath-static: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using (engine)
        {
            try
            {
                foreach (StaticTunnelConfig tunnel in config.Tunnels)
                {
                    engine.InstallSa(tunnel.ToSaParameters(inbound: true), tunnel.ToSaParameters(inbound: false), tunnel.Name, tunnel.PeerEndPoint, tunnel.Udp);
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"datapath-static: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            return await RunUntilStoppedAsync(engine, config, args).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunUntilStoppedAsync(DataPathEngine engine, StaticDataPathConfig config, string[] args)
    {
        engine.Start();
        var stop = new TaskCompletionSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        if (args.Contains("--stdin-stop"))
        {
            _ = Task.Run(async () =>
            {
                while (await Console.In.ReadLineAsync().ConfigureAwait(false) is string line)
                {
                    if (line.Trim() == "stats")
                    {
                        PrintStatistics(engine);
                    }
                }

                stop.TrySetResult();
            });
        }

        Console.WriteLine($"ready {config.Tun}");
        await stop.Task.ConfigureAwait(false);
        PrintStatistics(engine);
        return engine.Fault is null ? 0 : 1;
    }

    private static void PrintStatistics(DataPathEngine engine) =>
        Console.WriteLine("stats " + JsonSerializer.Serialize(new { engine = engine.GetStatistics(), sas = engine.GetSaStatistics(), tunnels = engine.GetTunnelStatistics() }, Json));

    private static DataPathOptions ToOptions(StaticDataPathConfig config) => new()
    {
        Tun = new TunOptions(config.Tun, config.Mtu, config.Offloads),
        UdpEncapsulationEndPoint = IPEndPoint.Parse(config.Listen),
        RawLocalAddress = config.RawLocal is null ? null : IPAddress.Parse(config.RawLocal),
        UdpOffloads = config.Offloads,
        WanMtu = config.WanMtu,
        ClampTcpMss = config.ClampTcpMss,
        FirewallMark = config.FirewallMark,
    };
}
