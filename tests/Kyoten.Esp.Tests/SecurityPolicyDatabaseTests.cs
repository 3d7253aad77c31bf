using System.Net;

namespace Kyoten.Esp.Tests;

/// <summary>Outbound SPD: longest-prefix match on destination, then source; default discard.</summary>
public sealed class SecurityPolicyDatabaseTests
{
    private static readonly TrafficSelector Lan1 = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.1.0"), 24);
    private static readonly TrafficSelector AnyV4 = TrafficSelector.AnyIPv4;

    [Fact]
    public void IPv4_MostSpecificDestinationWins_RegardlessOfInsertionOrder()
    {
        var wide = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.0.0"), 15), SpdAction.Protect, handle: 15);
        var site2 = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24), SpdAction.Protect, handle: 24);
        var hole = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.128"), 25), SpdAction.Discard, handle: 25);
        foreach (SpdEntry[] order in new[] { new[] { wide, site2, hole }, new[] { hole, wide, site2 }, new[] { site2, hole, wide } })
        {
            var spd = new SecurityPolicyDatabase();
            foreach (SpdEntry entry in order)
            {
                spd.Add(entry);
            }

            Assert.Equal(25, spd.Lookup(Packet("198.18.1.10", "198.18.2.200"))?.Handle);
            Assert.Equal(24, spd.Lookup(Packet("198.18.1.10", "198.18.2.5"))?.Handle);
            Assert.Equal(15, spd.Lookup(Packet("198.18.1.10", "198.18.3.1"))?.Handle);
            Assert.Null(spd.Lookup(Packet("198.18.1.10", "203.0.113.5")));
            Assert.Null(spd.Lookup(Packet("198.18.7.10", "198.18.2.5")));
        }
    }

    [Fact]
    public void SameDestination_MoreSpecificSourceWins()
    {
        var spd = new SecurityPolicyDatabase();
        TrafficSelector site2 = TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24);
        spd.Add(new SpdEntry(TrafficSelector.FromPrefix(IPAddress.Parse("198.18.0.0"), 16), site2, SpdAction.Bypass, handle: 16));
        spd.Add(new SpdEntry(TrafficSelector.FromPrefix(IPAddress.Parse("198.18.1.0"), 24), site2, SpdAction.Protect, handle: 24));

        Assert.Equal(24, spd.Lookup(Packet("198.18.1.10", "198.18.2.5"))?.Handle);
        Assert.Equal(16, spd.Lookup(Packet("198.18.9.10", "198.18.2.5"))?.Handle);
    }

    [Fact]
    public void IPv6_LongestPrefixAndFamilySeparation()
    {
        var spd = new SecurityPolicyDatabase();
        TrafficSelector local = TrafficSelector.FromPrefix(IPAddress.Parse("2001:db8:1::"), 48);
        spd.Add(new SpdEntry(local, TrafficSelector.FromPrefix(IPAddress.Parse("2001:db8:2::"), 48), SpdAction.Protect, handle: 48));
        spd.Add(new SpdEntry(local, TrafficSelector.FromPrefix(IPAddress.Parse("2001:db8:2:5::"), 64), SpdAction.Bypass, handle: 64));
        spd.Add(new SpdEntry(AnyV4, AnyV4, SpdAction.Bypass, handle: 4));

        Assert.Equal(64, spd.Lookup(Packet("2001:db8:1::10", "2001:db8:2:5::1"))?.Handle);
        Assert.Equal(48, spd.Lookup(Packet("2001:db8:1::10", "2001:db8:2:6::1"))?.Handle);
        Assert.Null(spd.Lookup(Packet("2001:db8:1::10", "2001:db8:3::1")));
        Assert.Equal(4, spd.Lookup(Packet("192.0.2.1", "192.0.2.2"))?.Handle);
    }

    [Fact]
    public void ProtocolAndPortSelectors_CarveOutTraffic_InEitherInsertionOrder()
    {
        var all = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24), SpdAction.Protect, handle: 1);
        var dnsBypass = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24, protocol: 17, startPort: 53, endPort: 53), SpdAction.Bypass, handle: 2);
        byte[] dns = TestPackets.Udp(IPAddress.Parse("198.18.1.10"), IPAddress.Parse("198.18.2.5"), 40000, 53, [1]);
        byte[] other = TestPackets.Udp(IPAddress.Parse("198.18.1.10"), IPAddress.Parse("198.18.2.5"), 40000, 54, [1]);
        foreach (SpdEntry[] order in new[] { new[] { all, dnsBypass }, new[] { dnsBypass, all } })
        {
            var spd = new SecurityPolicyDatabase();
            foreach (SpdEntry entry in order)
            {
                spd.Add(entry);
            }

            Assert.Equal(SpdAction.Bypass, spd.Decide(dns, out _));
            Assert.Equal(SpdAction.Protect, spd.Decide(other, out _));
        }
    }

    [Fact]
    public void NoMatch_UsesTheDefaultAction_DiscardUnlessChanged()
    {
        var spd = new SecurityPolicyDatabase();
        byte[] packet = Packet("198.18.1.10", "198.18.2.5");

        Assert.Equal(SpdAction.Discard, spd.Decide(packet, out SpdEntry? entry));
        Assert.Null(entry);
        spd.DefaultAction = SpdAction.Bypass;
        Assert.Equal(SpdAction.Bypass, spd.Decide(packet, out _));
        Assert.Null(spd.Lookup([0x45, 0, 0]));
    }

    [Fact]
    public void Remove_AndRekeySwitchOfTheOutboundSa()
    {
        var spd = new SecurityPolicyDatabase();
        using var oldSa = new OutboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x100));
        using var newSa = new OutboundSa(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, spi: 0x200));
        var entry = new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse("198.18.2.0"), 24), SpdAction.Protect, oldSa);
        spd.Add(entry);
        byte[] packet = Packet("198.18.1.10", "198.18.2.5");

        Assert.Same(oldSa, spd.Lookup(packet)?.OutboundSa);
        entry.OutboundSa = newSa;
        Assert.Same(newSa, spd.Lookup(packet)?.OutboundSa);
        Assert.True(spd.Remove(entry));
        Assert.False(spd.Remove(entry));
        Assert.Null(spd.Lookup(packet));
    }

    [Fact]
    public void Lookup_DoesNotAllocate()
    {
        var spd = new SecurityPolicyDatabase();
        for (int i = 0; i < 32; i++)
        {
            spd.Add(new SpdEntry(Lan1, TrafficSelector.FromPrefix(IPAddress.Parse($"198.18.{i}.0"), 24), SpdAction.Protect, handle: i));
        }

        byte[] packet = Packet("198.18.1.10", "198.18.31.5");
        spd.Lookup(packet);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            spd.Lookup(packet);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static byte[] Packet(string source, string destination) =>
        TestPackets.Udp(IPAddress.Parse(source), IPAddress.Parse(destination), 40000, 4500, [1, 2, 3]);
}
