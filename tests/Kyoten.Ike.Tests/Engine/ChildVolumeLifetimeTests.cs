using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>CHILD SA lifetimes by bytes and packets: the host reports usage, the engine rekeys or deletes.</summary>
public sealed class ChildVolumeLifetimeTests
{
    private static EnginePair Pair() => new(
        a => a with { ChildRekeyBytes = 1_000_000, ChildLifetimeBytes = 1_200_000, ChildRekeyPackets = 900, ChildLifetimePackets = 1000, DpdInterval = TimeSpan.Zero },
        b => b with { DpdInterval = TimeSpan.Zero });

    [Fact]
    public void Below_the_soft_limit_nothing_happens()
    {
        var pair = Pair();
        pair.Establish();
        int before = pair.Wire.Count;

        pair.A.Engine.ReportChildUsage(pair.A.Installed.Keys.Single(), 999_999, 899);
        pair.Pump();

        Assert.Equal(before, pair.Wire.Count);
    }

    [Fact]
    public void Soft_byte_limit_starts_one_rekey_and_the_new_sa_starts_from_zero()
    {
        var pair = Pair();
        pair.Establish();
        var old = pair.A.Installed.Keys.Single();

        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr} -->   once, however often the host reports
        pair.A.Engine.ReportChildUsage(old, 1_000_000, 10);
        pair.A.Engine.ReportChildUsage(old, 1_050_000, 11);
        pair.Collect(pair.A);
        Assert.Single(pair.A.Outbox, p => p.Exchange == ExchangeType.CreateChildSa);
        pair.Pump();

        pair.AssertChildSasMatch(1);
        var fresh = pair.A.Installed.Keys.Single();
        Assert.NotEqual(old, fresh);
        Assert.Contains(pair.A.Events, e => e is ChildSaRekeyed r && r.OldInboundSpi == old);
        int after = pair.Wire.Count;
        pair.A.Engine.ReportChildUsage(fresh, 500_000, 5);
        pair.Pump();
        Assert.Equal(after, pair.Wire.Count);
    }

    [Fact]
    public void Soft_packet_limit_starts_a_rekey()
    {
        var pair = Pair();
        pair.Establish();
        var old = pair.A.Installed.Keys.Single();

        pair.A.Engine.ReportChildUsage(old, 100, 900);
        pair.Pump();

        Assert.Contains(pair.A.Events, e => e is ChildSaRekeyed r && r.OldInboundSpi == old);
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Hard_limit_deletes_the_child_sa_on_both_ends()
    {
        var pair = Pair();
        pair.Establish();
        var spi = pair.A.Installed.Keys.Single();

        // Past the hard limit before any rekey happened (a burst): delete, no rekey.
        // HDR, SK {D(ESP, SPI)} -->   <-- HDR, SK {D(ESP, SPI)}
        pair.A.Engine.ReportChildUsage(spi, 5_000_000, 1000);
        pair.Pump();

        Assert.Empty(pair.A.Installed);
        Assert.Empty(pair.B.Installed);
        Assert.Contains(pair.A.Events, e => e is ChildSaDeleted d && d.InboundSpi == spi && d.Reason.Contains("volume", StringComparison.Ordinal));
        Assert.DoesNotContain(pair.A.Events, e => e is ChildSaRekeyed);
    }

    [Fact]
    public void Install_action_carries_the_hard_limits_for_the_data_path()
    {
        var pair = Pair();
        pair.Establish();

        var parameters = pair.A.Installed.Values.Single();
        Assert.Equal((1_200_000L, 1000L), (parameters.LifetimeBytes, parameters.LifetimePackets));
        Assert.Equal((0L, 0L), (pair.B.Installed.Values.Single().LifetimeBytes, pair.B.Installed.Values.Single().LifetimePackets));
    }

    [Fact]
    public void Usage_for_an_unknown_spi_is_ignored()
    {
        var pair = Pair();
        pair.Establish();
        int before = pair.Wire.Count;

        pair.A.Engine.ReportChildUsage(0xDEADBEEF, long.MaxValue, long.MaxValue);
        pair.Pump();

        Assert.Equal(before, pair.Wire.Count);
        pair.AssertChildSasMatch(1);
    }
}
