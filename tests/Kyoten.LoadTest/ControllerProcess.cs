using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kyoten.LoadTest;

/// <summary>The controller under test, as its own process (so its memory is its own), on loopback ports.</summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ControllerProcess(Process process, Uri http, Uri agents)
    {
        _process = process;
        Http = http;
        Agents = agents;
    }

    /// <summary>Echo the controller's phase timings (set once the fleet is up, so enrollment does not flood the output).</summary>
    public static bool Verbose { get; set; }

    public Uri Http { get; }

    public Uri Agents { get; }

    public static async Task<ControllerProcess> StartAsync(string connectionString)
    {
        var (httpPort, agentPort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kyoten.Controller.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ConnectionStrings__Kyoten"] = connectionString;
        info.Environment["Kyoten__MigrateOnStart"] = "true";
        info.Environment["Kyoten__InitialAdminPassword"] = "load-test-passphrase";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        info.Environment["Kyoten__AgentEndpoint"] = $"https://127.0.0.1:{agentPort}";
        info.Environment["Kyoten__AgentEndpointNames__0"] = "127.0.0.1";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Phase timings of a fleet change (reconcile, refresh), echoed below.
        info.Environment["Logging__LogLevel__Kyoten.Controller.Compilation.FleetReconciler"] = "Debug";
        info.Environment["Logging__LogLevel__Kyoten.Controller.Agents.AgentSessionRegistry"] = "Debug";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the controller");
        // Logs go to standard output; only the fan-out timings are echoed, and only once asked for.
        process.OutputDataReceived += (_, e) =>
        {
            if (Verbose && e.Data is not null && (e.Data.Contains("Reconciled", StringComparison.Ordinal) || e.Data.Contains("Refreshed", StringComparison.Ordinal)))
            {
                Console.WriteLine("controller: " + e.Data.Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("controller: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var controller = new ControllerProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), new Uri($"https://127.0.0.1:{agentPort}"));
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(controller.Http, "/healthz")).ConfigureAwait(false)).IsSuccessStatusCode)
                {
                    return controller;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"controller exited with {process.ExitCode}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException("controller did not become healthy");
    }

    /// <summary>Resident and peak resident memory in MiB, from /proc.</summary>
    public (double RssMiB, double PeakMiB) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
