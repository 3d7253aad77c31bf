using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class RecoveryTests
{
    [Fact]
    public void Initiator_reconnects_after_the_peer_came_back()
    {
        var pair = new EnginePair(a => a with { DpdInterval = TimeSpan.FromSeconds(10) }, b => b with { DpdInterval = TimeSpan.Zero });
        pair.Establish();

        // The path breaks: DPD declares B dead and A tears down.
        pair.Filter = _ => false;
        pair.Run(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1));
        Assert.Contains(pair.A.Events, e => e is IkeSaDeleted);
        Assert.Empty(pair.A.Installed);

        // The path heals: A starts again on its own; B replaces its stale SA because of INITIAL_CONTACT.
        pair.Filter = null;
        pair.Run(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        pair.AssertChildSasMatch(1);
        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
        Assert.Contains(pair.B.Events, e => e is IkeSaDeleted d && d.Reason.Contains("INITIAL_CONTACT", StringComparison.Ordinal));
    }

    [Fact]
    public void Terminated_peer_is_not_reconnected()
    {
        var pair = new EnginePair();
        pair.Establish();

        pair.A.Engine.Terminate("to-b");
        pair.Run(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));

        Assert.Empty(pair.A.Installed);
        Assert.Single(pair.A.Events.OfType<IkeSaEstablished>());
    }

    [Fact]
    public void Both_ends_deleting_the_same_child_sa_at_once_is_harmless()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");
        pair.Pump();
        var child = pair.A.Installed.Values.First();

        // HDR, SK {D(ESP, spi)} -->   crossing   <-- HDR, SK {D(ESP, spi')}
        pair.A.Engine.DeleteChildSa("to-b", child.InboundSpi);
        pair.B.Engine.DeleteChildSa("to-a", child.OutboundSpi);
        var fromA = pair.Next(pair.A);
        var fromB = pair.Next(pair.B);
        Assert.Equal(ExchangeType.Informational, fromA.Exchange);
        pair.Deliver(fromA);
        pair.Deliver(fromB);
        pair.Pump();

        pair.AssertChildSasMatch(1);
        Assert.Single(pair.A.Events.OfType<ChildSaDeleted>());
        Assert.Single(pair.B.Events.OfType<ChildSaDeleted>());
    }
}
