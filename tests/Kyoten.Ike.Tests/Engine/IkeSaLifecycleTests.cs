using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class IkeSaLifecycleTests
{
    [Fact]
    public void Ike_sa_rekey_moves_the_child_sas_and_deletes_the_old_ike_sa()
    {
        var pair = new EnginePair(
            a => a with { DpdInterval = TimeSpan.Zero, ChildLifetime = TimeSpan.FromHours(10) },
            b => b with { IkeLifetime = TimeSpan.FromHours(8), DpdInterval = TimeSpan.Zero, ChildLifetime = TimeSpan.FromHours(10) });
        pair.Establish();
        var before = pair.A.Events.OfType<IkeSaEstablished>().Single();
        var child = pair.A.Installed.Keys.Single();

        pair.Advance(pair.PeerA.IkeLifetime - pair.PeerA.RekeyMargin, pump: false);

        // HDR, SK {SA(SPIi'), Ni, KEi} -->   <-- HDR, SK {SA(SPIr'), Nr, KEr}
        var rekey = pair.Next(pair.A);
        Assert.Equal(ExchangeType.CreateChildSa, rekey.Exchange);
        pair.Deliver(rekey);
        pair.Deliver(pair.Next(pair.B));

        // HDR(old SPIs), SK {D(IKE)} -->   <-- HDR, SK {}
        var delete = pair.Next(pair.A);
        Assert.Equal(before.InitiatorSpi, EnginePair.Header(delete).InitiatorSpi);
        Assert.Equal(ExchangeType.Informational, delete.Exchange);
        pair.Deliver(delete);
        pair.Pump();

        var rekeyed = Assert.Single(pair.A.Events.OfType<IkeSaRekeyed>());
        Assert.Equal(before.InitiatorSpi, rekeyed.OldInitiatorSpi);
        Assert.NotEqual(before.InitiatorSpi, rekeyed.InitiatorSpi);
        Assert.Single(pair.B.Events.OfType<IkeSaRekeyed>());
        Assert.DoesNotContain(pair.A.Events, e => e is IkeSaDeleted or ChildSaDeleted);
        Assert.Equal(child, pair.A.Installed.Keys.Single());
        var status = pair.A.Engine.GetStatus().Peers.Single().IkeSas.Single();
        Assert.Equal(rekeyed.InitiatorSpi, status.InitiatorSpi);
        Assert.Single(status.Children);

        // The new IKE SA works: a CHILD rekey runs over it.
        pair.A.Engine.RekeyChildSa("to-b", child);
        pair.Pump();
        pair.AssertChildSasMatch(1);
        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Simultaneous_ike_rekey_leaves_one_ike_sa_on_each_side()
    {
        var pair = new EnginePair(
            a => a with { DpdInterval = TimeSpan.Zero, ChildLifetime = TimeSpan.FromHours(10) },
            b => b with { DpdInterval = TimeSpan.Zero, ChildLifetime = TimeSpan.FromHours(10) });
        pair.Establish();

        pair.Advance(pair.PeerA.IkeLifetime - pair.PeerA.RekeyMargin, pump: false);

        // HDR, SK {SA, Ni, KEi} -->   crossing   <-- HDR, SK {SA, Ni, KEi}
        var fromA = pair.Next(pair.A);
        var fromB = pair.Next(pair.B);
        pair.Deliver(fromA);
        pair.Deliver(fromB);
        pair.Pump();

        var a = pair.A.Engine.GetStatus().Peers.Single().IkeSas.Single();
        var b = pair.B.Engine.GetStatus().Peers.Single().IkeSas.Single();
        Assert.Equal(a.InitiatorSpi, b.InitiatorSpi);
        Assert.Equal(a.ResponderSpi, b.ResponderSpi);
        Assert.Single(a.Children);
        Assert.Single(b.Children);

        // And it carries traffic for the next exchange.
        pair.A.Engine.RekeyChildSa("to-b", pair.A.Installed.Keys.Single());
        pair.Pump();
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Ike_rekey_crossing_a_child_rekey_is_sorted_out_with_temporary_failure()
    {
        var pair = new EnginePair(
            a => a with { DpdInterval = TimeSpan.Zero, ChildLifetime = TimeSpan.FromHours(10) },
            b => b with { DpdInterval = TimeSpan.Zero, IkeLifetime = TimeSpan.FromHours(10) });
        pair.Establish();
        var child = pair.B.Installed.Keys.Single();

        // HDR, SK {SA(SPIi'), Ni, KEi} -->   crossing   <-- HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}
        pair.A.Engine.RekeyIkeSa("to-b");
        pair.B.Engine.RekeyChildSa("to-a", child);
        var fromA = pair.Next(pair.A);
        var fromB = pair.Next(pair.B);
        pair.Deliver(fromA);
        pair.Deliver(fromB);

        // Both answer N(TEMPORARY_FAILURE); the initiator retries after 8-10 s, the responder after 12-14 s.
        pair.Pump();
        pair.Run(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));

        Assert.Single(pair.A.Events.OfType<IkeSaRekeyed>());
        Assert.Single(pair.B.Events.OfType<ChildSaRekeyed>());
        pair.AssertChildSasMatch(1);
        Assert.Single(pair.A.Engine.GetStatus().Peers.Single().IkeSas);
        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
        Assert.DoesNotContain(pair.A.Events, e => e is Failed);
        Assert.DoesNotContain(pair.B.Events, e => e is Failed);
    }

    [Fact]
    public void Dpd_keeps_a_live_peer_and_detects_a_dead_one()
    {
        var pair = new EnginePair(a => a with { DpdInterval = TimeSpan.FromSeconds(30) }, b => b with { DpdInterval = TimeSpan.Zero });
        pair.Establish();

        // HDR, SK {} -->   <-- HDR, SK {}
        pair.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains(pair.Wire, p => p.Exchange == ExchangeType.Informational && p.IsResponse);
        Assert.DoesNotContain(pair.A.Events, e => e is IkeSaDeleted);

        // B disappears: A's DPD retransmits, then gives up and tears everything down.
        pair.Filter = _ => false;
        pair.Run(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));

        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("dead peer", StringComparison.Ordinal));
        Assert.Contains(pair.A.Events, e => e is IkeSaDeleted);
        Assert.Empty(pair.A.Installed);
    }

    [Fact]
    public void Dpd_stays_quiet_while_esp_traffic_flows()
    {
        var pair = new EnginePair(a => a with { DpdInterval = TimeSpan.FromSeconds(30) }, b => b with { DpdInterval = TimeSpan.Zero });
        pair.Establish();
        int before = pair.Wire.Count;
        var spi = pair.A.Installed.Keys.Single();

        for (int i = 0; i < 10; i++)
        {
            pair.A.Engine.OnChildSaTraffic(spi);
            pair.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(before, pair.Wire.Count);
    }

    [Fact]
    public void Responder_may_delete_the_ike_sa()
    {
        var pair = new EnginePair();
        pair.Establish();

        pair.B.Engine.Terminate("to-a");
        pair.Pump();

        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Contains(pair.A.Events, e => e is IkeSaDeleted d && d.Reason == "deleted by peer");
    }

    [Fact]
    public void Half_open_sa_is_forgotten_after_the_timeout()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");
        pair.Deliver(pair.Next(pair.A));
        pair.Filter = _ => false;
        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);

        pair.Advance(TimeSpan.FromSeconds(31));

        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }
}
