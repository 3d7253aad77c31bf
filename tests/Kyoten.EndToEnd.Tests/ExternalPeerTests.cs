using System.Text.Json;
using Kyoten.Testing.Postgres;
using Kyoten.Testing.Sites;
using Kyoten.Testing.StrongSwan;

namespace Kyoten.EndToEnd.Tests;

/// <summary>
/// A third-party peer: Debian's strongSwan (charon with kernel-libipsec, which forces ESP in UDP
/// 4500) is an external site made through the REST API with a controller-generated PSK; the
/// enrolled agent of site "office" gets the tunnel to it compiled by the controller and initiates
/// ("office" sorts before "partner", and between two fixed sites the lower name initiates).
/// </summary>
public sealed class ExternalPeerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Tunnel = "office--partner";
    private const string PartnerId = "partner.example";
    private const string OfficeId = "office.sites.kyoten";

    [Fact]
    public async Task StrongSwan_as_external_site_with_PSK_carries_ping_and_a_byte_identical_transfer_shows_up_in_the_API_and_survives_a_refused_config()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync("e2ext", ct);
        await using var sites = await ManagedSites.CreateAsync(1);
        var partnerNs = await sites.AddWanHostAsync("sw", 2);
        await using var controller = await ControllerProcess.StartAsync(postgres.Cluster.ConnectionStringFor(database), ManagedSites.ControllerAddress);

        var policy = await controller.PostAsync<JsonElement>("api/policies", new
        {
            name = "interop",
            ikeVersion = 2,
            ikeProposals = new[] { "aes256gcm16-prfsha256-x25519" },
            childProposals = new[] { "aes256gcm16" },
            protocol = "esp",
            mode = "tunnel",
            pfsGroup = "",
        });
        var policyId = policy.GetProperty("id").GetGuid();
        var office = await controller.PostAsync<JsonElement>("api/sites", new
        {
            name = "office", wanAddress = "192.0.2.1", lanSubnets = new[] { "198.18.1.0/24" }, policyId,
        });
        var partner = await controller.PostAsync<JsonElement>("api/sites", new
        {
            name = "partner", kind = "external", wanAddress = "192.0.2.2", lanSubnets = new[] { "198.18.2.0/24" }, policyId, ikeIdentity = PartnerId,
        });
        // Shown once, in the create response; the site view only says that there is one.
        var psk = partner.GetProperty("psk").GetString()!;
        Assert.True(psk.Length >= 32, psk);
        Assert.True(partner.GetProperty("site").GetProperty("hasPsk").GetBoolean());

        await using var swan = await StrongSwanPeer.StartAsync(partnerNs, new StrongSwanPeerOptions(
        [
            new SwanConnection("kyoten", "192.0.2.2", "192.0.2.1", SwanAuth.Psk(PartnerId), SwanAuth.Psk(OfficeId),
                [new SwanChild("lan", "198.18.2.0/24", "198.18.1.0/24")]) { Psk = psk },
        ]) { Name = "partner" }, cancellationToken: ct);

        var agent = sites.Agents[0];
        var officeId = office.GetProperty("site").GetProperty("id").GetGuid();
        var token = await controller.PostAsync<JsonElement>($"api/sites/{officeId}/enrollment-tokens", new { });
        var enroll = await agent.CommandAsync("enroll", "--controller", controller.AgentUrl, "--token", token.GetProperty("secret").GetString()!, "--state", agent.State);
        Assert.True(enroll.ExitCode == 0, $"enroll: {enroll.StandardError} {enroll.StandardOutput}\n{AgentProcess.Tail(controller.Log)}");
        agent.Start();

        var status = await WaitUpAsync(agent, swan);
        var child = status.Child(Tunnel);
        var sas = await swan.WaitForSasAsync(l => l.Any(s => s.IsEstablished && s.InstalledChildren.Any()), "IKE and CHILD SA from the agent", ct);
        var swanChild = sas.Single(s => s.IsEstablished).InstalledChildren.Single();
        Assert.Equal(child.SpiIn, swanChild.SpiOut);
        Assert.Equal(child.SpiOut, swanChild.SpiIn);
        Assert.Equal(OfficeId, sas.Single(s => s.IsEstablished).RemoteId);
        Assert.True(swanChild.Encapsulated, "libipsec carries ESP in UDP 4500");

        var ping = await partnerNs.TryExecAsync("ping", "-c", "3", "-W", "2", "-I", "198.18.2.1", "198.18.1.1");
        Assert.True(ping.ExitCode == 0, $"ping strongSwan LAN -> agent LAN: {ping.StandardOutput}\n{swan.ReadLog()}\n{AgentProcess.Tail(agent.Log)}");
        var back = await sites.Namespaces[0].TryExecAsync("ping", "-c", "3", "-W", "2", "-I", "198.18.1.1", "198.18.2.1");
        Assert.True(back.ExitCode == 0, $"ping agent LAN -> strongSwan LAN: {back.StandardOutput}\n{AgentProcess.Tail(agent.Log)}");

        var transfer = await TcpTransfer.RunAsync(sites.Namespaces[0].Name, ManagedSites.Lan(1), partnerNs.Name, ManagedSites.Lan(2), 2 * 1024 * 1024);
        Assert.Equal(transfer.BytesSent, transfer.BytesReceived);
        Assert.Equal(transfer.SentSha256, transfer.ReceivedSha256);
        var after = (await agent.StatusAsync())!.Child(Tunnel);
        Assert.True(after.BytesIn >= 2UL * 1024 * 1024, $"the agent received {after.BytesIn} bytes through the SA");

        await WaitForTunnelUpInApiAsync(controller);

        // A configuration the agent cannot apply is refused whole: the controller allows IKEv1
        // toward external sites, this agent implements only IKEv2. The reason reaches the
        // controller, the revision stays unapplied, and the running tunnel is untouched.
        var legacy = await controller.PostAsync<JsonElement>("api/policies", new
        {
            name = "legacy",
            ikeVersion = 1,
            ikeProposals = new[] { "aes256-sha256-modp2048" },
            childProposals = new[] { "aes256-sha256" },
            protocol = "esp",
            mode = "tunnel",
            pfsGroup = "",
        });
        await controller.PostAsync<JsonElement>("api/sites", new
        {
            name = "legacy", kind = "external", wanAddress = "192.0.2.9", lanSubnets = new[] { "198.18.9.0/24" }, policyId = legacy.GetProperty("id").GetGuid(),
        });
        var refused = await WaitForRefusalAsync(controller);
        Assert.Contains("only IKEv2", refused.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(refused.GetProperty("appliedRevision").GetInt64() < refused.GetProperty("desiredRevision").GetInt64(), refused.ToString());
        var kept = (await agent.StatusAsync())!;
        Assert.Equal([Tunnel], kept.Tunnels.Select(t => t.Tunnel));
        Assert.True(kept.IsUp(Tunnel));
        Assert.Equal(child.SpiIn, kept.Child(Tunnel).SpiIn);
        var still = await partnerNs.TryExecAsync("ping", "-c", "2", "-W", "2", "-I", "198.18.2.1", "198.18.1.1");
        Assert.True(still.ExitCode == 0, $"ping after the refused configuration: {still.StandardOutput}\n{AgentProcess.Tail(agent.Log)}");
    }

    /// <summary>GET /api/agents until the one agent reports an error for its newest revision.</summary>
    private static async Task<JsonElement> WaitForRefusalAsync(ControllerProcess controller)
    {
        JsonElement agent = default;
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45); DateTime.UtcNow < deadline; await Task.Delay(500, TestContext.Current.CancellationToken))
        {
            agent = (await controller.GetAsync<JsonElement>("api/agents")).EnumerateArray().Single();
            if (agent.GetProperty("lastError").ValueKind == JsonValueKind.String)
            {
                return agent;
            }
        }

        Assert.Fail($"the agent never reported the refused configuration: {agent}\n{AgentProcess.Tail(controller.Log, 40)}");
        return agent;
    }

    private static async Task<Kyoten.Contracts.Agent.V1.TelemetryReport> WaitUpAsync(AgentProcess agent, StrongSwanPeer swan)
    {
        try
        {
            return await agent.WaitForStatusAsync(r => r.IsUp(Tunnel), TimeSpan.FromSeconds(90), "tunnel to strongSwan ESTABLISHED");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- charon log ---\n{swan.ReadLog()}", e);
        }
    }

    /// <summary>GET /api/tunnels: the office--partner tunnel's newest sample, reported by the agent, says ESTABLISHED.</summary>
    private static async Task WaitForTunnelUpInApiAsync(ControllerProcess controller)
    {
        string last = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45); DateTime.UtcNow < deadline; await Task.Delay(1000, TestContext.Current.CancellationToken))
        {
            var tunnels = await controller.GetAsync<JsonElement>("api/tunnels");
            var tunnel = tunnels.EnumerateArray().SingleOrDefault(t => t.GetProperty("name").GetString() == Tunnel);
            last = tunnel.ValueKind == JsonValueKind.Undefined ? tunnels.ToString() : tunnel.ToString();
            if (tunnel.ValueKind != JsonValueKind.Undefined
                && tunnel.GetProperty("latest").EnumerateArray().Any(s => s.GetProperty("tunnel").GetString() == Tunnel && s.GetProperty("ikeState").GetString() == "ESTABLISHED"))
            {
                return;
            }
        }

        Assert.Fail($"the controller's API never showed {Tunnel} up: {last}\n{AgentProcess.Tail(controller.Log, 40)}");
    }
}
