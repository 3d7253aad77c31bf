using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Testing.Sites;
using Kyoten.Testing.Network;

namespace Kyoten.EndToEnd.Tests;

/// <summary>
/// Site 2 sits behind a router namespace that masquerades 203.0.113.0/24 (nftables) onto the WAN
/// 192.0.2.0/24; it initiates toward site 1, which knows no address for it (dynamic peer). IKE
/// must detect the NAT, float to 4500 and carry ESP in UDP (RFC 3947/3948).
/// </summary>
public sealed class NatTraversalTests
{
    [Fact]
    public async Task Site_behind_NAT_initiates_and_traffic_flows_in_UDP_encapsulated_ESP()
    {
        await using var lab = await NetworkLab.CreateAsync();
        var root = Directory.CreateTempSubdirectory("kyoten-e2e-nat-").FullName;
        var site1 = await lab.AddNamespaceAsync("n1");
        var router = await lab.AddNamespaceAsync("nr");
        var site2 = await lab.AddNamespaceAsync("n2");
        await site1.AddAddressAsync("lo", "198.18.1.1/32");
        await site2.AddAddressAsync("lo", "198.18.2.1/32");
        await lab.ConnectAsync(site1, "192.0.2.1/24", router, "192.0.2.254/24");
        var (_, inside) = await lab.ConnectAsync(site2, "203.0.113.2/24", router, "203.0.113.1/24");
        await site2.AddRouteAsync("192.0.2.0/24", via: "203.0.113.1");
        await router.ExecAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
        await router.ExecAsync("nft", "add table ip nat");
        await router.ExecAsync("nft", "add chain ip nat post { type nat hook postrouting priority 100 ; }");
        await router.ExecAsync("nft", $"add rule ip nat post iifname {inside} masquerade");
        await router.ExecAsync("nft", "add table ip watch");
        await router.ExecAsync("nft", "add chain ip watch seen { type filter hook forward priority 0 ; }");
        await router.ExecAsync("nft", "add rule ip watch seen ip protocol esp counter comment \"esp\"");
        await router.ExecAsync("nft", "add rule ip watch seen udp dport 4500 counter comment \"natt\"");

        var agents = new[] { new AgentProcess(site1, Path.Combine(root, "s1")), new AgentProcess(site2, Path.Combine(root, "s2")) };
        try
        {
            for (int i = 1; i <= 2; i++)
            {
                var config = StandaloneSites.Config(i, 3600, 0, 0);
                config.ListenAddresses[0] = i == 1 ? "192.0.2.1" : "203.0.113.2";
                var tunnel = config.Tunnels[0];
                tunnel.Initiator = i == 2;
                tunnel.RemoteAddress = i == 1 ? "" : "192.0.2.1";
                var file = Path.Combine(root, $"site{i}.json");
                await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(config), TestContext.Current.CancellationToken);
                agents[i - 1].Start("--config", file);
            }

            var two = await agents[1].WaitForStatusAsync(r => r.IsUp(StandaloneSites.TunnelName(2)), TimeSpan.FromSeconds(60), "NAT-T tunnel up (site 2)");
            var one = await agents[0].WaitForStatusAsync(r => r.IsUp(StandaloneSites.TunnelName(1)), TimeSpan.FromSeconds(30), "NAT-T tunnel up (site 1)");
            Assert.True(two.Tunnel(StandaloneSites.TunnelName(2))!.NatDetected);
            Assert.True(one.Tunnel(StandaloneSites.TunnelName(1))!.NatDetected);
            Assert.Equal("192.0.2.254", one.Tunnel(StandaloneSites.TunnelName(1))!.PeerAddress);

            var ping = await site1.TryExecAsync("ping", "-c", "3", "-W", "2", "-I", "198.18.1.1", "198.18.2.1");
            Assert.True(ping.ExitCode == 0, $"ping through NAT failed: {ping.StandardOutput}\n{AgentProcess.Tail(agents[0].Log)}\n{AgentProcess.Tail(agents[1].Log)}");

            // What the router forwarded: UDP 4500 (IKE after the float and ESP-in-UDP), no raw ESP.
            var watch = (await router.ExecAsync("nft", "list table ip watch")).StandardOutput;
            Assert.Equal(0, Packets(watch, "esp"));
            Assert.True(Packets(watch, "natt") >= 6, watch);
            var after = (await agents[0].StatusAsync())!.Child(StandaloneSites.TunnelName(1));
            Assert.True(after.BytesIn > 0 && after.BytesOut > 0);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static long Packets(string nftList, string comment)
    {
        var line = nftList.Split('\n').Single(l => l.Contains($"comment \"{comment}\"", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"counter packets (\d+)");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
