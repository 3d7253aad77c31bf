using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Kyoten.LoadTest;
using Kyoten.Testing.Postgres;
using Npgsql;

// Kyoten controller load test (a benchmark, not a test): N simulated agents with real mTLS streams
// against one controller process on a throwaway PostgreSQL cluster.
//   dotnet run -c Release --project tests/Kyoten.LoadTest -- --agents 1000 --telemetry-seconds 60
var options = LoadOptions.Parse(args);
await using var cluster = options.ConnectionString is null ? await PostgresCluster.StartAsync() : null;
var connectionString = options.ConnectionString ?? await cluster!.CreateDatabaseAsync("kyoten_load");
Console.WriteLine($"kyoten load test: {options.Agents} agents, telemetry every {options.TelemetryIntervalSeconds} s for {options.TelemetrySeconds} s, {Environment.ProcessorCount} cores");

await using var controller = await ControllerProcess.StartAsync(connectionString);
using var api = new HttpClient { BaseAddress = controller.Http, Timeout = TimeSpan.FromMinutes(5) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateAdminTokenAsync(connectionString));

// A star of explicit links: one hub with a fixed address, every other site dynamic and linked to it.
// (Hub-and-spoke mode would also route every spoke's LAN through the hub to every other spoke, so
// each config would carry N prefixes; that is a different benchmark.)
var clock = Stopwatch.StartNew();
(await api.PutAsJsonAsync("/api/topology", new { mode = "explicit" })).EnsureSuccessStatusCode();
var agents = Enumerable.Range(0, options.Agents).Select(i => new SimulatedAgent(i)).ToList();
var siteIds = new Guid[options.Agents];
for (var i = 0; i < options.Agents; i++)
{
    var hub = i == 0;
    var body = new { name = agents[i].Site, wanAddress = hub ? "192.0.2.1" : null, role = hub ? "hub" : "spoke", lanSubnets = new[] { $"198.18.{i / 256}.{i % 256}/32" } };
    var created = await api.PostAsJsonAsync("/api/sites", body);
    created.EnsureSuccessStatusCode();
    siteIds[i] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("site").GetProperty("id").GetGuid();
    if (!hub)
    {
        (await api.PostAsJsonAsync("/api/topology/links", new { siteA = siteIds[0], siteB = siteIds[i] })).EnsureSuccessStatusCode();
    }
}

Console.WriteLine($"sites created: {clock.Elapsed.TotalSeconds:F1} s");
clock.Restart();
await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (agent, ct) =>
{
    var token = await api.PostAsJsonAsync($"/api/sites/{siteIds[agent.Index]}/enrollment-tokens", new { }, ct);
    token.EnsureSuccessStatusCode();
    var secret = (await token.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("secret").GetString()!;
    // Like a real agent: retry with backoff when the controller is too busy to finish a handshake.
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            await agent.EnrollAsync(controller.Agents, secret, ct);
            break;
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Unavailable && attempt < 10)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
        }
    }
});
Console.WriteLine($"agents enrolled: {clock.Elapsed.TotalSeconds:F1} s");

using var stop = new CancellationTokenSource();
clock.Restart();
// Connect in waves: thousands of simultaneous TLS handshakes measure the handshake storm on two
// cores, not the controller at rest. Every measurement below starts once all are connected.
var running = new List<Task>();
foreach (var wave in agents.Chunk(options.RampWave))
{
    running.AddRange(wave.Select(a => Task.Run(() => a.RunAsync(options.TelemetryIntervalSeconds, stop.Token))));
    await Task.WhenAll(wave.Select(a => a.FirstAck.Task)).WaitAsync(TimeSpan.FromMinutes(10));
}

Console.WriteLine($"all streams connected with their first config acked: {clock.Elapsed.TotalSeconds:F1} s");

// Policy changes touching every agent, a few seconds apart; time from the API call to each agent's ack.
var policies = await api.GetFromJsonAsync<JsonElement>("/api/policies");
var policy = policies.EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());
ControllerProcess.Verbose = true;
for (var change = 1; change <= options.Changes; change++)
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    foreach (var agent in agents)
    {
        agent.ChangeAcked = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.WatchAbove = agent.Revision;
    }

    var started = Stopwatch.GetTimestamp();
    foreach (var agent in agents)
    {
        agent.ChangeStarted = started;
    }

    (await api.PutAsJsonAsync($"/api/policies/{policy.GetProperty("id").GetGuid()}", new { name = "default", dpdIntervalSeconds = 20 + change })).EnsureSuccessStatusCode();
    var apiReturned = Stopwatch.GetElapsedTime(started);
    var latencies = (await Task.WhenAll(agents.Select(a => a.ChangeAcked.Task)).WaitAsync(TimeSpan.FromMinutes(10))).Select(t => t.TotalMilliseconds).Order().ToArray();
    Console.WriteLine($"policy change {change} -> ack: API call {apiReturned.TotalMilliseconds:F0} ms, p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms");
}

// Telemetry ingest: rows that reach PostgreSQL while every agent reports at its interval.
var rowsBefore = await CountAsync(connectionString);
var sentBefore = agents.Sum(a => Interlocked.Read(ref a.TelemetrySent));
clock.Restart();
await Task.Delay(TimeSpan.FromSeconds(options.TelemetrySeconds));
var seconds = clock.Elapsed.TotalSeconds;
var sent = agents.Sum(a => Interlocked.Read(ref a.TelemetrySent)) - sentBefore;
await Task.Delay(TimeSpan.FromSeconds(2));
var rows = await CountAsync(connectionString) - rowsBefore;
var (rss, peak) = controller.Memory();
Console.WriteLine($"telemetry: {sent / seconds:F1} reports/s sent, {rows / seconds:F1} tunnel samples/s stored ({rows} of {sent})");
Console.WriteLine($"controller memory: RSS {rss:F0} MiB, peak {peak:F0} MiB");

Console.WriteLine($"stream reconnects during the run: {agents.Sum(a => Interlocked.Read(ref a.Reconnects))}");
await stop.CancelAsync();
try
{
    await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30));
}
catch (OperationCanceledException)
{
    // The agents stop by cancellation.
}

return 0;

static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static async Task<long> CountAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var count = new NpgsqlCommand("select count(*) from \"TunnelSamples\"", connection);
    return (long)(await count.ExecuteScalarAsync())!;
}

// An admin API token written straight into the database (the tool owns this throwaway database).
static async Task<string> CreateAdminTokenAsync(string connectionString)
{
    var token = "kyt_" + Pinning.Base64Url(RandomNumberGenerator.GetBytes(32));
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var insert = new NpgsqlCommand(
        "insert into \"ApiTokens\" (\"Id\", \"Name\", \"SecretHash\", \"Role\", \"CreatedAt\", \"CreatedBy\") values (@id, 'loadtest', @hash, 'admin', now(), 'loadtest')", connection);
    insert.Parameters.AddWithValue("id", Guid.NewGuid());
    insert.Parameters.AddWithValue("hash", SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
    await insert.ExecuteNonQueryAsync();
    return token;
}
