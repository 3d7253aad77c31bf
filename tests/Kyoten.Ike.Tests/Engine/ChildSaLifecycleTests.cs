using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class ChildSaLifecycleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Child_sa_is_rekeyed_before_its_lifetime_ends_make_before_break()
    {
        // Only A rekeys: B's lifetime is longer.
        var pair = new EnginePair(
            a => a with { ChildLifetime = TimeSpan.FromMinutes(60), RekeyMargin = TimeSpan.FromMinutes(5), DpdInterval = TimeSpan.Zero },
            b => b with { ChildLifetime = TimeSpan.FromMinutes(120), RekeyMargin = TimeSpan.FromMinutes(5), DpdInterval = TimeSpan.Zero });
        pair.Establish();
        var old = pair.A.Installed.Values.Single();

        pair.Advance(TimeSpan.FromMinutes(55), pump: false);

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr} -->
        var rekey = pair.Next(pair.A);
        Assert.Equal(ExchangeType.CreateChildSa, rekey.Exchange);
        pair.Deliver(rekey);

        // <-- HDR, SK {SA, Nr, TSi, TSr}: both SAs installed until the old one is deleted.
        Assert.Equal(2, pair.B.Installed.Count);
        pair.Deliver(pair.Next(pair.B));
        Assert.Equal(2, pair.A.Installed.Count);

        // HDR, SK {D(ESP, old SPI)} -->  <-- HDR, SK {D(ESP, old SPI of B)}
        var delete = pair.Next(pair.A);
        Assert.Equal(ExchangeType.Informational, delete.Exchange);
        pair.Deliver(delete);
        pair.Deliver(pair.Next(pair.B));

        pair.AssertChildSasMatch(1);
        Assert.DoesNotContain(old.InboundSpi, pair.A.Installed.Keys);
        var rekeyed = Assert.Single(pair.A.Events.OfType<ChildSaRekeyed>());
        Assert.Equal(old.InboundSpi, rekeyed.OldInboundSpi);
        Assert.Single(pair.B.Events.OfType<ChildSaRekeyed>());
        Assert.Contains(pair.A.Events, e => e is ChildSaDeleted d && d.InboundSpi == old.InboundSpi);
    }

    [Fact]
    public void Child_rekey_with_pfs_runs_a_fresh_key_exchange()
    {
        var pair = new EnginePair(a => a with { ChildProposals = ["aes256gcm16-x25519"] }, b => b with { ChildProposals = ["aes256gcm16-x25519"] });
        pair.Establish();
        Assert.Equal("aes256gcm16", pair.A.Installed.Values.Single().Algorithms.ToString());
        var spi = pair.A.Installed.Keys.Single();

        pair.A.Engine.RekeyChildSa("to-b", spi);
        pair.Pump();

        pair.AssertChildSasMatch(1);
        Assert.Equal("aes256gcm16-x25519", pair.A.Installed.Values.Single().Algorithms.ToString());
    }

    [Fact]
    public void Pfs_group_mismatch_is_resolved_by_invalid_ke_payload()
    {
        var pair = new EnginePair(a => a with { ChildProposals = ["aes256gcm16-ecp256-x25519"] }, b => b with { ChildProposals = ["aes256gcm16-x25519"] });
        pair.Establish();

        pair.A.Engine.RekeyChildSa("to-b", pair.A.Installed.Keys.Single());
        pair.Pump();

        pair.AssertChildSasMatch(1);
                Assert.Equal("aes256gcm16-x25519", pair.A.Installed.Values.Single().Algorithms.ToString());
    }

    [Fact]
    public void Simultaneous_child_rekey_leaves_exactly_one_new_pair()
    {
        // Same lifetimes on both ends: both rekey at the same instant (RFC 7296 §2.8.1).
        var pair = new EnginePair(a => a with { DpdInterval = TimeSpan.Zero }, b => b with { DpdInterval = TimeSpan.Zero });
        pair.Establish();
        var old = pair.A.Installed.Values.Single();

        pair.Advance(pair.PeerA.ChildLifetime - pair.PeerA.RekeyMargin, pump: false);

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr} -->   and   <-- HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}
        var fromA = pair.Next(pair.A);
        var fromB = pair.Next(pair.B);
        Assert.Equal(ExchangeType.CreateChildSa, fromA.Exchange);
        Assert.Equal(ExchangeType.CreateChildSa, fromB.Exchange);
        pair.Deliver(fromA);
        pair.Deliver(fromB);
        pair.Pump();

        pair.AssertChildSasMatch(1);
        Assert.DoesNotContain(old.InboundSpi, pair.A.Installed.Keys);
        var survivor = pair.A.Installed.Values.Single();
        Assert.Equal(survivor.InboundSpi, pair.A.Events.OfType<ChildSaRekeyed>().Last().InboundSpi);
        Assert.Equal(survivor.OutboundSpi, pair.B.Events.OfType<ChildSaRekeyed>().Last().InboundSpi);
        Assert.DoesNotContain(pair.A.Events, e => e is Failed);
        Assert.DoesNotContain(pair.B.Events, e => e is Failed);
    }

    [Fact]
    public void Rekeys_keep_going_over_a_day()
    {
        var pair = new EnginePair(
            a => a with { ChildLifetime = TimeSpan.FromMinutes(20), RekeyMargin = TimeSpan.FromMinutes(2), IkeLifetime = TimeSpan.FromHours(3) },
            b => b with { ChildLifetime = TimeSpan.FromMinutes(30), RekeyMargin = TimeSpan.FromMinutes(2), IkeLifetime = TimeSpan.FromHours(5) });
        pair.Establish();

        pair.Run(TimeSpan.FromHours(24), TimeSpan.FromSeconds(10));

        pair.AssertChildSasMatch(1);
        Assert.True(pair.A.Events.OfType<ChildSaRekeyed>().Count() >= 70);
        Assert.True(pair.A.Events.OfType<IkeSaRekeyed>().Count() >= 7);
        Assert.DoesNotContain(pair.A.Events, e => e is Failed or IkeSaDeleted);
        Assert.DoesNotContain(pair.B.Events, e => e is Failed or IkeSaDeleted);
    }

    [Fact]
    public void Additional_child_sa_can_be_created_and_deleted()
    {
        var pair = new EnginePair();
        pair.Establish();

        // HDR, SK {SA, Ni, TSi, TSr} -->  <-- HDR, SK {SA, Nr, TSi, TSr}
        pair.A.Engine.CreateChildSa("to-b");
        pair.Pump();
        pair.AssertChildSasMatch(2);

        // HDR, SK {D(IKE)} -->  <-- HDR, SK {}
        pair.A.Engine.Terminate("to-b");
        pair.Pump();

        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Single(pair.A.Events.OfType<IkeSaDeleted>());
        Assert.Single(pair.B.Events.OfType<IkeSaDeleted>());
        Assert.Equal(2, pair.B.Events.OfType<ChildSaDeleted>().Count());
    }

    [Fact]
    public void Child_sa_that_cannot_be_rekeyed_is_deleted_at_its_hard_lifetime()
    {
        // A wants PFS on rekey, B has no group: every rekey gets N(NO_PROPOSAL_CHOSEN) (IKE_AUTH needs none).
        var pair = new EnginePair(
            a => a with { ChildProposals = ["aes256gcm16-x25519"], ChildLifetime = TimeSpan.FromMinutes(60), RekeyMargin = TimeSpan.FromMinutes(5), DpdInterval = TimeSpan.Zero },
            b => b with { ChildLifetime = TimeSpan.FromHours(10), DpdInterval = TimeSpan.Zero });
        pair.Establish();
        var child = pair.A.Installed.Values.Single();

        pair.Run(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(10));
        Assert.Contains(pair.A.Events, e => e is Failed f && f.Reason.Contains("NoProposalChosen", StringComparison.Ordinal));
        Assert.Single(pair.A.Installed);

        pair.Run(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));

        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Contains(pair.A.Events, e => e is ChildSaDeleted d && d.InboundSpi == child.InboundSpi);
        Assert.Single(pair.A.Engine.GetStatus().Peers.Single().IkeSas);
    }
}
