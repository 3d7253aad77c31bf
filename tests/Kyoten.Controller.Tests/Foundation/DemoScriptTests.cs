using Kyoten.Testing.Sites;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kyoten.Controller.Tests.Infrastructure;

namespace Kyoten.Controller.Tests.Foundation;

/// <summary>
/// deploy/demo.sh as a new user runs it: the controller comes up healthy, the printed
/// credentials sign in, a second run restarts cleanly on the same database, Ctrl-C stops all.
/// </summary>
public sealed partial class DemoScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_StartsHealthyController_PrintedCredentialsSignIn_SecondRunRestarts_CtrlCStopsAll()
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
            // The demo sites (namespaces with enrolled agents) are the end-to-end suite's subject;
            // here the controller part is under test, and the fixed agent port must stay free.
            ["KYOTEN_DEMO_SITES"] = "0",
        };
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        };
        DemoRun? first = null;
        DemoRun? second = null;
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

            second = await DemoRun.StartAsync(environment);
            Assert.True(first.Process.HasExited, "the first demo should have been stopped by the second");
            Assert.Equal((user, password), second.Credentials());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);

            await second.InterruptAsync();

            Assert.False(IsListening(httpPort), "controller still listening after Ctrl-C");
            Assert.False(IsListening(pgPort), "PostgreSQL still listening after Ctrl-C");
        }
        finally
        {
            foreach (var run in new[] { second, first })
            {
                if (run is not null)
                {
                    await run.InterruptAsync();
                }
            }

            state.Delete(recursive: true);
        }
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
            var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.RepositoryRoot, "deploy", "demo.sh")])
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
                await Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
            }
        }

        private string Output()
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
