using Kyoten.Testing.Sites;

namespace Kyoten.EndToEnd.Tests;

/// <summary>Two agents with a standalone configuration file each, in their own namespaces, no controller.</summary>
public sealed class StandaloneTunnelTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Tunnel_comes_up_carries_ping_and_a_5_MB_transfer_byte_identical_with_mirrored_SPIs()
    {
        await using var sites = await StandaloneSites.StartAsync();
        var up = await sites.WaitUpAsync(Bounded);

        var ping = await sites.PingAsync(1, 2);
        Assert.True(ping.ExitCode == 0, $"ping failed: {ping.StandardOutput}\n{sites.Logs()}");

        var transfer = await TcpTransfer.RunAsync(
            sites.Namespaces[1].Name, StandaloneSites.Lan(2), sites.Namespaces[0].Name, StandaloneSites.Lan(1), 5 * 1024 * 1024);
        Assert.Equal(transfer.BytesSent, transfer.BytesReceived);
        Assert.Equal(transfer.SentSha256, transfer.ReceivedSha256);

        var one = (await sites.Agents[0].StatusAsync())!;
        var two = (await sites.Agents[1].StatusAsync())!;
        var a = one.Child(StandaloneSites.TunnelName(1));
        var b = two.Child(StandaloneSites.TunnelName(2));
        Assert.Equal(a.SpiIn, b.SpiOut);
        Assert.Equal(a.SpiOut, b.SpiIn);
        Assert.Equal("aes256gcm16", a.Algorithms);
        Assert.True(a.BytesOut >= 5UL * 1024 * 1024, $"site 1 sent {a.BytesOut} bytes through the SA");
        Assert.True(b.BytesIn >= 5UL * 1024 * 1024, $"site 2 received {b.BytesIn} bytes through the SA");
        Assert.True(a.PacketsIn > 0 && b.PacketsOut > 0, "the return direction carried the ACKs and echo replies");
        Assert.Equal(up[0].Tunnel(StandaloneSites.TunnelName(1))!.IkeSpiI, one.Tunnel(StandaloneSites.TunnelName(1))!.IkeSpiI);
    }

    [Fact]
    public async Task Rekey_under_continuous_traffic_loses_no_data_and_shows_new_SPIs()
    {
        // CHILD lifetime 20 s, rekey 6–9 s before expiry: the first rekey comes after 11–14 s.
        await using var sites = await StandaloneSites.StartAsync(childSeconds: 20, rekeyMargin: 6, jitter: 3);
        var before = await sites.WaitUpAsync(Bounded);
        var firstSpi = before[0].Child(StandaloneSites.TunnelName(1)).SpiIn;

        var rekeyed = sites.Agents[0].WaitForStatusAsync(
            r => r.Tunnel(StandaloneSites.TunnelName(1)) is { } t && t.ChildSas.Any(c => c.Rekeys >= 1 && c.SpiIn != firstSpi && c.BytesIn > 0),
            TimeSpan.FromSeconds(45),
            "CHILD SA rekeyed with traffic on the new SA");
        var transfer = await TcpTransfer.RunAsync(
            sites.Namespaces[1].Name, StandaloneSites.Lan(2), sites.Namespaces[0].Name, StandaloneSites.Lan(1),
            2 * 1024 * 1024, keepGoing: rekeyed, chunkDelay: TimeSpan.FromMilliseconds(20));
        var after = await rekeyed;

        Assert.Equal(transfer.BytesSent, transfer.BytesReceived);
        Assert.Equal(transfer.SentSha256, transfer.ReceivedSha256);
        var tunnel = after.Tunnel(StandaloneSites.TunnelName(1))!;
        Assert.True(tunnel.ChildSas.All(c => c.SpiIn != firstSpi) || tunnel.ChildSas.Count > 1, "new SPIs after the rekey");
        Assert.True(tunnel.ChildSas.Max(c => c.Rekeys) >= 1);
        var ping = await sites.PingAsync(2, 1);
        Assert.True(ping.ExitCode == 0, $"ping after rekey failed: {ping.StandardOutput}\n{sites.Logs()}");
    }

    [Fact]
    public async Task Agent_killed_with_SIGKILL_and_restarted_brings_the_tunnel_back()
    {
        await using var sites = await StandaloneSites.StartAsync();
        var before = await sites.WaitUpAsync(Bounded);
        var oldSpi = before[1].Child(StandaloneSites.TunnelName(2)).SpiIn;

        await sites.Agents[0].KillAsync();
        sites.Agents[0].Start("--config", sites.ConfigFiles[0]);

        await sites.Agents[0].WaitForStatusAsync(r => r.IsUp(StandaloneSites.TunnelName(1)), TimeSpan.FromSeconds(90), "tunnel back after restart");
        await sites.Agents[1].WaitForStatusAsync(
            r => r.IsUp(StandaloneSites.TunnelName(2)) && r.Tunnel(StandaloneSites.TunnelName(2))!.ChildSas.All(c => c.SpiIn != oldSpi),
            TimeSpan.FromSeconds(90),
            "peer replaced the stale SA");
        var ping = await sites.PingAsync(1, 2);
        Assert.True(ping.ExitCode == 0, $"ping after restart failed: {ping.StandardOutput}\n{sites.Logs()}");
    }
}
