using System.Text.Json;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Testing.Sites;
using Kyoten.Testing.Postgres;
using Npgsql;

namespace Kyoten.EndToEnd.Tests;

/// <summary>
/// The whole product: the controller (own PostgreSQL) in the root namespace, three sites made
/// through the REST API, agents enrolled by token and run in their namespaces.
/// </summary>
public sealed class ControllerMeshTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int SiteCount = 3;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Enrolled_mesh_comes_up_follows_a_policy_change_reports_telemetry_and_survives_the_controller_stopping_and_restarting()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("e2e", ct);
        await using var sites = await ManagedSites.CreateAsync(SiteCount);
        await using var controller = await ControllerProcess.StartAsync(postgres.Cluster.ConnectionStringFor(database), ManagedSites.ControllerAddress);

        var policyInput = new Dictionary<string, object?>
        {
            ["name"] = "e2e",
            ["ikeVersion"] = 2,
            ["ikeProposals"] = new[] { "aes256gcm16-prfsha256-x25519" },
            ["childProposals"] = new[] { "aes128gcm16" },
            ["protocol"] = "esp",
            ["mode"] = "tunnel",
            ["pfsGroup"] = "",
        };
        var policy = await controller.PostAsync<JsonElement>("api/policies", policyInput);
        var policyId = policy.GetProperty("id").GetGuid();
        var siteIds = new List<Guid>();
        for (int i = 1; i <= SiteCount; i++)
        {
            var site = await controller.PostAsync<JsonElement>("api/sites", new
            {
                name = $"site{i}",
                wanAddress = $"192.0.2.{i}",
                lanSubnets = new[] { $"198.18.{i}.0/24" },
                policyId,
            });
            var siteId = site.GetProperty("site").GetProperty("id").GetGuid();
            siteIds.Add(siteId);
            var token = await controller.PostAsync<JsonElement>($"api/sites/{siteId}/enrollment-tokens", new { });
            var agent = sites.Agents[i - 1];
            var enroll = await agent.CommandAsync("enroll", "--controller", controller.AgentUrl, "--token", token.GetProperty("secret").GetString()!, "--state", agent.State);
            Assert.True(enroll.ExitCode == 0, $"enroll site{i}: {enroll.StandardError} {enroll.StandardOutput}\n{AgentProcess.Tail(controller.Log)}");
            agent.Start();
        }

        // The mesh: every agent has a tunnel to each other site, all up, every LAN pair pings.
        foreach (var agent in sites.Agents)
        {
            await agent.WaitForStatusAsync(r => r.Tunnels.Count == SiteCount - 1 && r.AllUp(), Bounded, "full mesh ESTABLISHED");
        }

        Assert.Empty(await sites.PingAllPairsAsync());
        await WaitForUpEventsAsync(controller, SiteCount * (SiteCount - 1));
        Assert.All(await StatusesAsync(sites), r => Assert.All(r.Tunnels, t => Assert.StartsWith("aes128gcm16", r.Child(t.Tunnel).Algorithms, StringComparison.Ordinal)));

        // A change to site 3 (one more LAN) re-establishes only the tunnels to site 3: the tunnel
        // between sites 1 and 2 keeps its SPIs on both ends.
        var before = await StatusesAsync(sites);
        string OneToTwo(TelemetryReport r, string peer) => r.Tunnels.Single(t => t.PeerAddress == peer).Tunnel;
        var spi12 = before[0].Child(OneToTwo(before[0], "192.0.2.2")).SpiIn;
        var spi21 = before[1].Child(OneToTwo(before[1], "192.0.2.1")).SpiIn;
        await controller.PutAsync($"api/sites/{siteIds[2]}", new
        {
            name = "site3",
            wanAddress = "192.0.2.3",
            lanSubnets = new[] { "198.18.3.0/24", "198.18.33.0/24" },
            policyId,
        });
        // Every end, not just site 1's: site 2's tunnel to site 3 may be re-established later.
        for (int i = 0; i < 2; i++)
        {
            await sites.Agents[i].WaitForStatusAsync(
                r => r.Tunnels.Count == SiteCount - 1 && r.AllUp() && r.Child(r.Tunnels.Single(t => t.PeerAddress == "192.0.2.3").Tunnel).RemoteTs.Contains("198.18.33.0/24"),
                Bounded,
                "tunnel to site 3 re-established with the new LAN");
        }

        await sites.Agents[2].WaitForStatusAsync(
            r => r.Tunnels.Count == SiteCount - 1 && r.AllUp() && r.Tunnels.All(t => r.Child(t.Tunnel).LocalTs.Contains("198.18.33.0/24")),
            Bounded,
            "site 3's tunnels re-established with its new LAN");
        var after = await StatusesAsync(sites);
        Assert.Equal(spi12, after[0].Child(OneToTwo(after[0], "192.0.2.2")).SpiIn);
        Assert.Equal(spi21, after[1].Child(OneToTwo(after[1], "192.0.2.1")).SpiIn);
        Assert.Empty(await sites.PingAllPairsAsync());

        // Policy change AES-128-GCM -> AES-256-GCM reaches every agent and takes effect.
        policyInput["childProposals"] = new[] { "aes256gcm16" };
        await controller.PutAsync($"api/policies/{policyId}", policyInput);
        foreach (var agent in sites.Agents)
        {
            await agent.WaitForStatusAsync(
                r => r.Tunnels.Count == SiteCount - 1 && r.AllUp() && r.Tunnels.All(t => r.Child(t.Tunnel).Algorithms.StartsWith("aes256gcm16", StringComparison.Ordinal)),
                Bounded,
                "every tunnel re-established with aes256gcm16");
        }

        Assert.Empty(await sites.PingAllPairsAsync());

        // Telemetry in PostgreSQL matches status --json once the tunnels are idle (one interval),
        // for every tunnel end of every agent.
        foreach (var agent in sites.Agents)
        {
            foreach (var end in (await agent.StatusAsync())!.Tunnels)
            {
                await WaitForTelemetryMatchAsync(controller, agent, end.Tunnel);
            }
        }

        // Controller stopped: the agents keep their tunnels and traffic still flows.
        await controller.StopAsync();
        Assert.Empty(await sites.PingAllPairsAsync());

        // Restarted on the same database: every agent reconnects (its back-off was running while
        // the controller was down), reports telemetry stamped after the restart, and follows a
        // policy change made now.
        var restartedAt = DateTimeOffset.UtcNow;
        await controller.RestartAsync();
        await WaitForAgentsReportingSinceAsync(controller, restartedAt);
        policyInput["childProposals"] = new[] { "aes128gcm16" };
        await controller.PutAsync($"api/policies/{policyId}", policyInput);
        foreach (var agent in sites.Agents)
        {
            await agent.WaitForStatusAsync(
                r => r.Tunnels.Count == SiteCount - 1 && r.AllUp() && r.Tunnels.All(t => r.Child(t.Tunnel).Algorithms.StartsWith("aes128gcm16", StringComparison.Ordinal)),
                Bounded,
                "after the controller restart: every tunnel re-established with aes128gcm16");
        }

        Assert.Empty(await sites.PingAllPairsAsync());

        // SIGTERM (systemd stop) on site 3's agent: it sends IKE Deletes and exits 0; the peers
        // drop their tunnels to it because of the Delete (DPD would take 30 s and say otherwise).
        // Then, with no controller at all, a restart brings its tunnels back from the cache.
        var third = sites.Agents[2];
        var marks = sites.Agents.Select(a => a.Log.Length).ToList();
        Assert.Equal(0, await third.TerminateAsync(TimeSpan.FromSeconds(10)));
        for (int i = 0; i < 2; i++)
        {
            var name = $"site{i + 1}--site3";
            await WaitForLogAsync(sites.Agents[i], marks[i], $"Tunnel {name}: IKE SA down (deleted by peer)");
            // The initiator side keeps trying, with back-off, until site 3 is back.
            await WaitForLogAsync(sites.Agents[i], marks[i], $"Tunnel {name}: initiating again in");
            Assert.False((await sites.Agents[i].StatusAsync())!.IsUp(name), $"{name} still up after the Delete");
        }

        await controller.StopAsync();
        third.Start();
        foreach (var agent in sites.Agents)
        {
            await agent.WaitForStatusAsync(r => r.Tunnels.Count == SiteCount - 1 && r.AllUp(), Bounded, "full mesh back after site 3 restarted from its cache");
        }

        Assert.Empty(await sites.PingAllPairsAsync());
    }

    private static async Task WaitForLogAsync(AgentProcess agent, int from, string text)
    {
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(200, TestContext.Current.CancellationToken))
        {
            if (agent.Log.AsSpan(from).Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"[{agent.Namespace.Name}] never logged '{text}'\n{AgentProcess.Tail(agent.Log[from..])}");
    }

    /// <summary>
    /// Through the REST API: every agent connected with a last-seen time after
    /// <paramref name="since"/> (a stale "connected" row from before the kill does not count), and
    /// tunnel telemetry sampled after it.
    /// </summary>
    private static async Task WaitForAgentsReportingSinceAsync(ControllerProcess controller, DateTimeOffset since)
    {
        var pending = new List<string>();
        for (var deadline = DateTime.UtcNow + Bounded; DateTime.UtcNow < deadline; await Task.Delay(1000, TestContext.Current.CancellationToken))
        {
            pending.Clear();
            var agents = await controller.GetAsync<JsonElement>("api/agents");
            Assert.Equal(SiteCount, agents.GetArrayLength());
            foreach (var agent in agents.EnumerateArray())
            {
                var name = agent.GetProperty("site").GetString();
                var seen = agent.GetProperty("lastSeenAt");
                if (agent.GetProperty("connectionState").GetString() != "connected" || seen.ValueKind == JsonValueKind.Null || seen.GetDateTimeOffset() <= since)
                {
                    pending.Add($"{name}: {agent}");
                    continue;
                }

                var telemetry = await controller.GetAsync<JsonElement>(
                    $"api/agents/{agent.GetProperty("id").GetGuid()}/telemetry?since={Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
                var samples = telemetry.GetProperty("tunnels").EnumerateArray().ToList();
                if (samples.Count == 0 || samples.Any(t => t.GetProperty("at").GetDateTimeOffset() <= since))
                {
                    pending.Add($"{name}: no tunnel telemetry since the restart");
                }
            }

            if (pending.Count == 0)
            {
                return;
            }
        }

        Assert.Fail($"after the restart, not reporting: {string.Join("; ", pending)}\n{AgentProcess.Tail(controller.Log, 40)}");
    }

    private static async Task<List<TelemetryReport>> StatusesAsync(ManagedSites sites)
    {
        var list = new List<TelemetryReport>();
        foreach (var agent in sites.Agents)
        {
            list.Add((await agent.StatusAsync())!);
        }

        return list;
    }

    /// <summary>The agents' UP events reached the controller's event table, one per tunnel end at least.</summary>
    private static async Task WaitForUpEventsAsync(ControllerProcess controller, int tunnelEnds)
    {
        await using var connection = new NpgsqlConnection(controller.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        long count = 0;
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(500, TestContext.Current.CancellationToken))
        {
            await using var query = new NpgsqlCommand("SELECT COUNT(DISTINCT (\"AgentId\", \"Tunnel\")) FROM \"Events\" WHERE \"Kind\" = 'TunnelUp'", connection);
            count = (long)(await query.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            if (count >= tunnelEnds)
            {
                return;
            }
        }

        Assert.Fail($"only {count} of {tunnelEnds} tunnel ends reported UP to the controller");
    }

    private static async Task WaitForTelemetryMatchAsync(ControllerProcess controller, AgentProcess agent, string tunnel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        string last = "";
        await using var connection = new NpgsqlConnection(controller.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        while (DateTime.UtcNow < deadline)
        {
            var status = (await agent.StatusAsync())!;
            var child = status.Child(tunnel);
            await using var query = new NpgsqlCommand(
                "SELECT \"BytesIn\", \"BytesOut\", \"PacketsIn\", \"PacketsOut\" FROM \"ChildSaSamples\" WHERE \"Tunnel\" = @t AND \"SpiIn\" = @spi ORDER BY \"At\" DESC LIMIT 1",
                connection);
            query.Parameters.AddWithValue("t", tunnel);
            query.Parameters.AddWithValue("spi", (long)child.SpiIn);
            await using (var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                if (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    var (bytesIn, bytesOut) = (reader.GetInt64(0), reader.GetInt64(1));
                    last = $"db in {bytesIn} out {bytesOut}, status in {child.BytesIn} out {child.BytesOut}";
                    if ((ulong)bytesIn == child.BytesIn && (ulong)bytesOut == child.BytesOut && bytesIn > 0)
                    {
                        return;
                    }
                }
                else
                {
                    last = $"no sample for {tunnel} SPI {child.SpiIn:x8} yet";
                }
            }

            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"telemetry in PostgreSQL never matched status: {last}\n{AgentProcess.Tail(controller.Log, 40)}");
    }
}
