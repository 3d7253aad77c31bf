using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data.Fleet;
using static Kyoten.Controller.Tests.Compilation.CompilerFixtures;

namespace Kyoten.Controller.Tests.Compilation;

public sealed class ConfigCompilerTests
{
    [Fact]
    public void FullMesh_ThreeFixedSites_EveryPairLinked_LowerNameInitiates()
    {
        Site a = Site("alpha", "192.0.2.1", "198.18.1.0/24"), b = Site("bravo", "198.51.100.1", "198.18.2.0/24"), c = Site("charlie", "203.0.113.1", "198.18.3.0/24");

        var output = ConfigCompiler.Compile(Input(TopologyMode.FullMesh, [c, a, b]));

        Assert.Equal(3, output.Tunnels.Count);
        var alpha = output.Configs[a.Id];
        Assert.Equal(["alpha--bravo", "alpha--charlie"], alpha.Tunnels.Select(t => t.Name));
        Assert.All(alpha.Tunnels, t => Assert.True(t.Initiator));
        var bravoToAlpha = output.Configs[b.Id].Tunnels.Single(t => t.PeerSite == "alpha");
        Assert.False(bravoToAlpha.Initiator);
        Assert.Equal("192.0.2.1", bravoToAlpha.RemoteAddress);
        Assert.Equal("alpha.sites.kyoten", bravoToAlpha.RemoteId);
        Assert.Equal(["198.18.2.0/24"], bravoToAlpha.LocalTs);
        Assert.Equal(["198.18.1.0/24"], bravoToAlpha.RemoteTs);
        Assert.Equal(AuthMethod.Certificate, bravoToAlpha.Auth);
        Assert.Equal(["aes256gcm16-prfsha256-x25519", "aes256gcm16-prfsha256-ecp256"], bravoToAlpha.IkeProposals);
        Assert.Equal(["aes256gcm16-x25519"], bravoToAlpha.ChildProposals);
        Assert.Equal(IpsecProtocol.Esp, bravoToAlpha.Protocol);
        Assert.Equal(IpsecMode.Tunnel, bravoToAlpha.Mode);
        Assert.Equal(Pem, alpha.TrustAnchorsPem);
        Assert.Equal("alpha.sites.kyoten", alpha.LocalId);
    }

    [Fact]
    public void DynamicSite_AlwaysInitiates_TowardAFixedOne_EvenWithTheHigherName()
    {
        Site fixedSite = Site("alpha", "192.0.2.1", "198.18.1.0/24"), dynamicSite = Site("zulu", null, "198.18.9.0/24");

        var output = ConfigCompiler.Compile(Input(TopologyMode.FullMesh, [fixedSite, dynamicSite]));

        var fromDynamic = Assert.Single(output.Configs[dynamicSite.Id].Tunnels);
        var fromFixed = Assert.Single(output.Configs[fixedSite.Id].Tunnels);
        Assert.True(fromDynamic.Initiator);
        Assert.False(fromFixed.Initiator);
        Assert.Equal("", fromFixed.RemoteAddress);
        Assert.Empty(output.Configs[dynamicSite.Id].ListenAddresses);
    }

    [Fact]
    public void TwoDynamicSites_AreNeverLinkedDirectly_AndTheCompilerSaysWhy()
    {
        Site x = Site("xray", null, "198.18.1.0/24"), y = Site("yankee", null, "198.18.2.0/24");

        var output = ConfigCompiler.Compile(Input(TopologyMode.FullMesh, [x, y], links: [new SiteLink { SiteAId = x.Id, SiteBId = y.Id }]));

        Assert.Empty(output.Tunnels);
        Assert.Contains(output.Warnings, w => w.Contains("hub", StringComparison.Ordinal) && w.Contains("xray", StringComparison.Ordinal));
    }

    [Fact]
    public void HubAndSpoke_DynamicSpokesReachEachOtherThroughTheHub()
    {
        Site hub = Site("hub", "192.0.2.1", "198.18.0.0/24", SiteRole.Hub), s1 = Site("spoke1", null, "198.18.1.0/24", SiteRole.Spoke), s2 = Site("spoke2", null, "198.18.2.0/24", SiteRole.Spoke);

        var output = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, [hub, s1, s2]));

        Assert.Equal(2, output.Tunnels.Count);
        var spoke1 = Assert.Single(output.Configs[s1.Id].Tunnels);
        Assert.Equal("hub", spoke1.PeerSite);
        Assert.True(spoke1.Initiator);
        Assert.Equal(["198.18.0.0/24", "198.18.2.0/24"], spoke1.RemoteTs);
        Assert.Equal(["198.18.1.0/24"], spoke1.LocalTs);
        var hubToSpoke1 = output.Configs[hub.Id].Tunnels.Single(t => t.PeerSite == "spoke1");
        Assert.Equal(["198.18.0.0/24", "198.18.2.0/24"], hubToSpoke1.LocalTs);
        Assert.Equal(["198.18.1.0/24"], hubToSpoke1.RemoteTs);
    }

    [Fact]
    public void ExternalPeer_GetsNoConfig_ButAppearsAsPskPeer_WithItsOwnPolicy()
    {
        var legacy = DefaultPolicy.Create();
        legacy.Id = Guid.NewGuid();
        legacy.Name = "legacy";
        legacy.IsDefault = false;
        legacy.IsWeak = true;
        legacy.IkeVersion = 1;
        legacy.IkeProposals = ["aes128-sha1-modp1024"];
        legacy.ChildProposals = ["aes128-sha1"];
        legacy.PfsGroup = null;
        Site managed = Site("tokyo", "192.0.2.1", "198.18.1.0/24"), external = Site("vendor", "203.0.113.9", "198.18.9.0/24", kind: SiteKind.External, policy: legacy.Id);

        var output = ConfigCompiler.Compile(Input(TopologyMode.FullMesh, [managed, external], [DefaultPolicy.Create(), legacy],
            psks: new Dictionary<Guid, string> { [external.Id] = "a-very-long-pre-shared-key" }));

        Assert.False(output.Configs.ContainsKey(external.Id));
        var tunnel = Assert.Single(output.Configs[managed.Id].Tunnels);
        Assert.Equal(AuthMethod.Psk, tunnel.Auth);
        Assert.Equal("a-very-long-pre-shared-key", tunnel.Psk);
        Assert.Equal("203.0.113.9", tunnel.RemoteId);
        Assert.Equal(IkeVersion.V1, tunnel.IkeVersion);
        Assert.Equal(["aes128-sha1-modp1024"], tunnel.IkeProposals);
    }

    [Fact]
    public void WeakPolicy_BetweenTwoManagedSites_FallsBackToTheDefault()
    {
        var weak = DefaultPolicy.Create();
        weak.Id = Guid.NewGuid();
        weak.Name = "weak";
        weak.IsDefault = false;
        weak.IsWeak = true;
        weak.IkeProposals = ["3des-sha1-modp1024"];
        Site a = Site("alpha", "192.0.2.1", "198.18.1.0/24", policy: weak.Id), b = Site("bravo", "198.51.100.1", "198.18.2.0/24");

        var output = ConfigCompiler.Compile(Input(TopologyMode.FullMesh, [a, b], [DefaultPolicy.Create(), weak]));

        Assert.Equal("aes256gcm16-prfsha256-x25519", output.Configs[a.Id].Tunnels[0].IkeProposals[0]);
        Assert.Contains(output.Warnings, w => w.Contains("weak", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_IsDeterministic_WhateverTheInputOrder()
    {
        var sites = Enumerable.Range(1, 8).Select(i => Site($"site{i}", i % 3 == 0 ? null : $"192.0.2.{i}", $"198.18.{i}.0/24", i == 1 ? SiteRole.Hub : SiteRole.Spoke)).ToList();

        var forward = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, sites));
        var backward = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, [.. Enumerable.Reverse(sites)]));

        foreach (var site in sites)
        {
            Assert.Equal(forward.Configs[site.Id].ToByteArray(), backward.Configs[site.Id].ToByteArray());
        }
    }

    [Fact]
    public void AddingASpoke_ChangesOnlyTheConfigsOfSitesThatSeeIt()
    {
        Site hub = Site("hub", "192.0.2.1", "198.18.0.0/24", SiteRole.Hub), s1 = Site("spoke1", "198.51.100.1", "198.18.1.0/24", SiteRole.Spoke), m = Site("mesh", "203.0.113.1", "198.18.5.0/24");
        var before = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, [hub, s1, m]));

        var s2 = Site("spoke2", null, "198.18.2.0/24", SiteRole.Spoke);
        var after = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, [hub, s1, m, s2]));

        Assert.NotEqual(before.Configs[hub.Id], after.Configs[hub.Id]);
        Assert.NotEqual(before.Configs[s1.Id], after.Configs[s1.Id]);
        Assert.Equal(before.Configs[m.Id], after.Configs[m.Id]);
    }

    [Fact]
    public void HubAndSpoke_TwoHubs_EverySpokeLinksToEachHub_OtherSpokesRouteOnlyThroughThePrimaryHub()
    {
        Site east = Site("hub-east", "192.0.2.1", "198.18.0.0/24", SiteRole.Hub), west = Site("hub-west", "198.51.100.1", "198.18.100.0/24", SiteRole.Hub);
        Site s1 = Site("spoke1", null, "198.18.1.0/24", SiteRole.Spoke), s2 = Site("spoke2", null, "198.18.2.0/24", SiteRole.Spoke), s3 = Site("spoke3", "203.0.113.3", "198.18.3.0/24", SiteRole.Spoke);

        var output = ConfigCompiler.Compile(Input(TopologyMode.HubAndSpoke, [west, s3, east, s2, s1]));

        // Three spokes times two hubs, plus the hubs with each other; spokes never link directly.
        Assert.Equal(7, output.Tunnels.Count);
        Assert.DoesNotContain(output.Tunnels, t => t.A.Role == SiteRole.Spoke && t.B.Role == SiteRole.Spoke);
        var spoke1 = output.Configs[s1.Id].Tunnels.ToDictionary(t => t.PeerSite);
        Assert.Equal(["hub-east", "hub-west"], spoke1.Keys.Order(StringComparer.Ordinal));
        Assert.True(spoke1["hub-east"].Initiator && spoke1["hub-west"].Initiator);

        // The other spokes sit behind the primary hub (lowest name) only: each LAN on exactly one
        // tunnel keeps the agent's SPD free of overlaps. The second hub's tunnel carries its own LAN.
        Assert.Equal(["198.18.0.0/24", "198.18.2.0/24", "198.18.3.0/24"], spoke1["hub-east"].RemoteTs);
        Assert.Equal(["198.18.100.0/24"], spoke1["hub-west"].RemoteTs);
        Assert.All(spoke1.Values, t => Assert.Equal(["198.18.1.0/24"], t.LocalTs));
        var remote = output.Configs[s1.Id].Tunnels.SelectMany(t => t.RemoteTs).ToList();
        Assert.Equal(remote.Count, remote.Distinct().Count());

        // The primary hub carries the transit both ways; the second hub only its own LAN, and the hubs mesh.
        var eastToSpoke1 = output.Configs[east.Id].Tunnels.Single(t => t.PeerSite == "spoke1");
        Assert.Equal(["198.18.0.0/24", "198.18.2.0/24", "198.18.3.0/24"], eastToSpoke1.LocalTs);
        var westToSpoke1 = output.Configs[west.Id].Tunnels.Single(t => t.PeerSite == "spoke1");
        Assert.Equal(["198.18.100.0/24"], westToSpoke1.LocalTs);
        var hubs = output.Configs[east.Id].Tunnels.Single(t => t.PeerSite == "hub-west");
        Assert.Equal(["198.18.0.0/24"], hubs.LocalTs);
        Assert.Equal(["198.18.100.0/24"], hubs.RemoteTs);
    }

    [Fact]
    public void Compile_OnlySites_GivesTheSameConfigsAsTheWholeFleet()
    {
        Site hub = Site("hub", "192.0.2.1", "198.18.0.0/24", SiteRole.Hub), s1 = Site("spoke1", null, "198.18.1.0/24", SiteRole.Spoke), s2 = Site("spoke2", null, "198.18.2.0/24", SiteRole.Spoke);
        var input = Input(TopologyMode.HubAndSpoke, [hub, s1, s2]);

        var all = ConfigCompiler.Compile(input);
        var some = ConfigCompiler.Compile(input, new HashSet<Guid> { s2.Id });

        Assert.Equal(s2.Id, Assert.Single(some.Configs.Keys));
        Assert.Equal(all.Configs[s2.Id], some.Configs[s2.Id]);
        Assert.Equal(all.Tunnels.Count, some.Tunnels.Count);
    }
}
