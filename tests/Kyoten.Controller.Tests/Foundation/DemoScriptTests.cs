using Kyoten.Testing.Processes;
using Kyoten.Testing.Sites;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kyoten.Controller.Tests.Infrastructure;

namespace Kyoten.Controller.Tests.Foundation;

/// <summary>
/// deploy/demo.sh as a new user runs it: the controller comes up healthy, the printed
/// credentials sign in, a second run restarts cleanly on the same database and starts the three
/// demo sites (namespaces, agents enrolled by token) whose tunnels the REST API shows up, and
/// Ctrl-C stops all and leaves no namespace or device behind.
/// </summary>
public sealed partial class DemoScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_StartsHealthyController_PrintedCredentialsSignIn_SecondRunRestartsWithSitesWhoseTunnelsComeUp_CtrlCStopsAll()
    {
        var state = Directory.CreateTempSubdirectory("kyoten-demo-");
        // The private cluster runs as the postgres user, who must reach the state folder.
        File.SetUnixFileMode(state.FullName, (UnixFileMode)0b111_101_101);
        var httpPort = FreeLoopbackPort();
        var pgPort = FreeLoopbackPort();
        var environment = new Dictionary<string, string>
        {
            ["KYOTEN_STATE_DIR"] = state.FullName,
            ["KYOTEN_DEMO_HTTP_PORT"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KYOTEN_DEMO_PG_PORT"] = pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The first run is the controller alone; the second one adds the demo sites.
            ["KYOTEN_DEMO_SITES"] = "0",
        };
        // Names of its own, so that the demo's namespaces and devices never meet another run's.
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))[..3];
        var (netnsPrefix, devicePrefix) = ($"kyoten-demo-{tag}", $"kd{tag}");
        var withSites = new Dictionary<string, string>(environment)
        {
            ["KYOTEN_DEMO_SITES"] = "1",
            ["KYOTEN_DEMO_AGENT_PORT"] = FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KYOTEN_DEMO_NETNS_PREFIX"] = netnsPrefix,
            ["KYOTEN_DEMO_IF_PREFIX"] = devicePrefix,
        };
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        };
        DemoRun? first = null;
        DemoRun? second = null;
        ManagementNetworkLock? management = null;
        try
        {
            first = await DemoRun.StartAsync(environment);
            var (user, password) = first.Credentials();

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
            var login = await HtmlForms.SubmitAsync(http, "/login", new Dictionary<string, string>
            {
                ["Input.UserName"] = user,
                ["Input.Password"] = password,
            }, Ct);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Contains("/account/password", login.Headers.Location!.ToString(), StringComparison.Ordinal);

            // The demo sites use the root namespace's management addresses that mesh tests use.
            management = await ManagementNetworkLock.AcquireAsync();
            second = await DemoRun.StartAsync(withSites);
            Assert.True(first.Process.HasExited, "the first demo should have been stopped by the second");
            Assert.Equal((user, password), second.Credentials());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
            await WaitForDemoTunnelsUpAsync(state.FullName, pgPort, http, second);

            await second.InterruptAsync();

            Assert.False(IsListening(httpPort), "controller still listening after Ctrl-C");
            Assert.False(IsListening(pgPort), "PostgreSQL still listening after Ctrl-C");
            Assert.Empty(await LeftoversAsync(netnsPrefix, devicePrefix));
        }
        finally
        {
            foreach (var run in new[] { second, first })
            {
                if (run is not null && !run.Process.HasExited)
                {
                    // Only after a failure above, which this must not hide: stop it hard.
                    run.Process.Kill(entireProcessTree: true);
                    await run.Process.WaitForExitAsync(Ct);
                }
            }

            // Only if the demo failed to clean up after itself (the assertion above reports it).
            foreach (var leftover in await LeftoversAsync(netnsPrefix, devicePrefix))
            {
                string[] remove = leftover.StartsWith("netns ", StringComparison.Ordinal) ? ["netns", "del", leftover[6..]] : ["link", "del", leftover[5..]];
                await ProcessRunner.RunAsync("ip", remove);
            }

            management?.Dispose();
            state.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Through the REST API (a viewer token from the published controller's own command): the
    /// three demo tunnels, each reported ESTABLISHED by the agents at both ends.
    /// </summary>
    private static async Task WaitForDemoTunnelsUpAsync(string state, int pgPort, HttpClient http, DemoRun demo)
    {
        var token = await ProcessRunner.RunAsync(
            RepositoryPaths.Dotnet, [Path.Combine(state, "controller", "Kyoten.Controller.dll"), "create-api-token", "--name", "demo-test", "--role", "viewer"], TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["ConnectionStrings__Kyoten"] = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=kyoten" }, Ct);
        token.EnsureSuccess("create-api-token");
        string last = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8); DateTime.UtcNow < deadline && !demo.Process.HasExited; await Task.Delay(2000, Ct))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tunnels");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.StandardOutput.Trim());
            using var response = await http.SendAsync(request, Ct);
            last = await response.Content.ReadAsStringAsync(Ct);
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            var tunnels = JsonDocument.Parse(last).RootElement.EnumerateArray()
                .Where(t => t.GetProperty("name").GetString()!.StartsWith("demo-", StringComparison.Ordinal)).ToList();
            if (tunnels.Count == 3 && tunnels.All(t => t.GetProperty("latest").EnumerateArray().Count(s => s.GetProperty("ikeState").GetString() == "ESTABLISHED") == 2))
            {
                return;
            }
        }

        var logs = string.Join('\n', Directory.GetFiles(state, "site-*.log").Select(f => $"--- {Path.GetFileName(f)} ---\n{string.Join('\n', File.ReadLines(f).TakeLast(30))}"));
        Assert.Fail($"the demo tunnels never showed up in /api/tunnels: {last}\n{demo.Output()}\n{logs}");
    }

    /// <summary>Namespaces ("netns NAME") and root-namespace devices ("link NAME") the demo made and left.</summary>
    private static async Task<List<string>> LeftoversAsync(string netnsPrefix, string devicePrefix)
    {
        var namespaces = (await ProcessRunner.RunAsync("ip", "netns", "list")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(netnsPrefix + "-", StringComparison.Ordinal)).Select(n => "netns " + n);
        var devices = (await ProcessRunner.RunAsync("ip", "-o", "link", "show")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)).Where(p => p.Length > 1).Select(p => p[1].Trim().Split('@')[0])
            .Where(d => d.StartsWith(devicePrefix + "-", StringComparison.Ordinal)).Select(d => "link " + d);
        return [.. namespaces, .. devices];
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed partial class DemoRun
    {
        private readonly List<string> _output = [];

        private DemoRun(Process process) => Process = process;

        public Process Process { get; }

        public static async Task<DemoRun> StartAsync(IDictionary<string, string> environment)
        {
            // SIGINT as a terminal's foreground job has it: a test run started in the background
            // by a non-interactive shell inherits SIGINT ignored, and bash cannot trap an ignored signal.
            var info = new ProcessStartInfo("env", ["--default-signal=INT", "bash", Path.Combine(RepositoryPaths.RepositoryRoot, "deploy", "demo.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            var run = new DemoRun(Process.Start(info)!);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(object? sender, DataReceivedEventArgs e)
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (run._output)
                {
                    run._output.Add(e.Data);
                }

                if (e.Data.Contains("sign in", StringComparison.Ordinal))
                {
                    up.TrySetResult();
                }
            }

            run.Process.OutputDataReceived += OnLine;
            run.Process.ErrorDataReceived += OnLine;
            run.Process.BeginOutputReadLine();
            run.Process.BeginErrorReadLine();
            var exited = run.Process.WaitForExitAsync(Ct);
            var finished = await Task.WhenAny(up.Task, exited).WaitAsync(TimeSpan.FromMinutes(8), Ct);
            Assert.True(finished == up.Task, "demo.sh ended before the controller was up:\n" + run.Output());
            return run;
        }

        public (string User, string Password) Credentials()
        {
            var match = CredentialsLine().Match(Output());
            Assert.True(match.Success, "no credentials printed:\n" + Output());
            return (match.Groups["user"].Value, match.Groups["password"].Value);
        }

        public async Task InterruptAsync()
        {
            if (!Process.HasExited)
            {
                // What Ctrl-C does in a terminal.
                using var kill = Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                await kill.WaitForExitAsync(Ct);
                try
                {
                    await Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
                }
                catch (TimeoutException)
                {
                    // What is still running says where the script's cleanup hangs.
                    var processes = await ProcessRunner.RunAsync("ps", "-eo", "pid,ppid,stat,etime,args", "--forest");
                    Assert.Fail($"demo.sh still running a minute after Ctrl-C:\n{Output()}\n--- processes ---\n{processes.StandardOutput}");
                }
            }
        }

        public string Output()
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }

        [GeneratedRegex("sign in as '(?<user>[^']+)' with the one-time password '(?<password>[^']+)'")]
        private static partial Regex CredentialsLine();
    }
}
