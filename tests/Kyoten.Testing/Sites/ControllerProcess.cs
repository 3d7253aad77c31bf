using Kyoten.Testing.Processes;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Kyoten.Testing.Sites;

/// <summary>
/// The controller DLL as a process in the root namespace: REST on 127.0.0.1, the agents' gRPC
/// endpoint on a root-side veth address. An admin API token is put straight into its database
/// (the REST API only issues tokens to a signed-in browser session).
/// </summary>
public sealed class ControllerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;
    private IPAddress _agentAddress = IPAddress.Loopback;

    private ControllerProcess(string connectionString, int httpPort, string agentUrl)
    {
        ConnectionString = connectionString;
        HttpPort = httpPort;
        AgentUrl = agentUrl;
    }

    public string ConnectionString { get; }

    public int HttpPort { get; }

    /// <summary>What agents enroll against, e.g. https://198.51.100.1:40123.</summary>
    public string AgentUrl { get; }

    public HttpClient Api { get; } = new();

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<ControllerProcess> StartAsync(string connectionString, IPAddress agentAddress)
    {
        var controller = new ControllerProcess(connectionString, FreePort(), $"https://{agentAddress}:{FreePort()}") { _agentAddress = agentAddress };
        controller.Start(agentAddress);
        await controller.WaitHealthyAsync();
        var token = await controller.CreateApiTokenAsync();
        controller.Api.BaseAddress = new Uri($"http://127.0.0.1:{controller.HttpPort}/");
        controller.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return controller;
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Starts the controller again after <see cref="StopAsync"/>: same database, same ports, so
    /// the agents' pinned endpoint and the API token stay valid.
    /// </summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Append("--- restarted ---");
        Start(_agentAddress);
        await WaitHealthyAsync();
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Api.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<T>(text, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    public async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return System.Text.Json.JsonSerializer.Deserialize<T>(text, System.Text.Json.JsonSerializerOptions.Web)!;
    }

    public async Task PutAsync(string path, object body)
    {
        using var response = await Api.PutAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT {path}: {(int)response.StatusCode} {text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Api.Dispose();
    }

    private void Start(IPAddress agentAddress)
    {
        var info = new ProcessStartInfo(RepositoryPaths.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.ControllerDll)!,
        };
        info.ArgumentList.Add(RepositoryPaths.ControllerDll);
        info.Environment["ConnectionStrings__Kyoten"] = ConnectionString;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Kyoten__MigrateOnStart"] = "true";
        info.Environment["Kyoten__InitialAdminPassword"] = "e2e-admin-password-not-secret";
        info.Environment["Kyoten__AgentEndpoint"] = AgentUrl;
        info.Environment["Kyoten__AgentEndpointNames__0"] = agentAddress.ToString();
        info.Environment["Kyoten__AgentKeepaliveSeconds"] = "5";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}/healthz", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("controller not healthy\n" + AgentProcess.Tail(Log));
    }

    /// <summary>An admin API token from the controller's own <c>create-api-token</c> command.</summary>
    private async Task<string> CreateApiTokenAsync()
    {
        var result = await ProcessRunner.RunAsync(RepositoryPaths.Dotnet, [RepositoryPaths.ControllerDll, "create-api-token", "--name", "e2e", "--role", "admin"],
            TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["ConnectionStrings__Kyoten"] = ConnectionString }, TestContext.Current.CancellationToken);
        result.EnsureSuccess("create-api-token");
        return result.StandardOutput.Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
