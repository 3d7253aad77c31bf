using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class RetransmissionTests
{
    [Fact]
    public void Lost_ike_sa_init_request_is_retransmitted_after_the_timeout()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni -->   (lost)
        var lost = pair.Next(pair.A);
        Assert.Equal(pair.Time.GetUtcNow() + TimeSpan.FromSeconds(4), pair.A.ArmedAt);

        // 4 s later the same bytes go out again: HDR, SA, KEi, Ni -->
        pair.Advance(TimeSpan.FromSeconds(4), pump: false);
        var again = pair.Next(pair.A);
        Assert.Equal(lost.Send.Datagram, again.Send.Datagram);
        pair.Deliver(again);
        pair.Pump();

        Assert.Single(pair.A.Events.OfType<IkeSaEstablished>());
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Duplicated_ike_sa_init_request_gets_the_cached_answer_and_one_sa()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");
        var request = pair.Next(pair.A);

        // HDR, SA, KEi, Ni -->  (twice)
        pair.Deliver(request);
        pair.Deliver(request);

        // <-- HDR, SA, KEr, Nr  (twice, byte for byte)
        var first = pair.Next(pair.B);
        var second = pair.Next(pair.B);
        Assert.Equal(first.Send.Datagram, second.Send.Datagram);
        Assert.Equal(1, pair.B.Engine.Counters.RetransmittedResponses);
        pair.Deliver(first);
        pair.Deliver(second); // a stray duplicate response is ignored
        pair.Pump();

        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Lost_ike_auth_response_is_answered_from_the_cache_without_a_second_child_sa()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");
        pair.Deliver(pair.Next(pair.A));
        pair.Deliver(pair.Next(pair.B));

        // HDR, SK {IDi, AUTH, SA2i, TSi, TSr} -->
        pair.Deliver(pair.Next(pair.A));

        // <-- HDR, SK {IDr, AUTH, SA2r, TSi, TSr}   (lost)
        var lost = pair.Next(pair.B);
        Assert.Single(pair.B.Installed);

        // Retransmitted request; B must resend the same response, not process it again.
        pair.Advance(TimeSpan.FromSeconds(4), pump: false);
        pair.Deliver(pair.Next(pair.A));
        var resent = pair.Next(pair.B);
        Assert.Equal(lost.Send.Datagram, resent.Send.Datagram);
        pair.Deliver(resent);

        pair.AssertChildSasMatch(1);
        Assert.Single(pair.B.Events.OfType<ChildSaEstablished>());
    }

    [Fact]
    public void Initiator_gives_up_after_exponential_back_off()
    {
        var pair = new EnginePair { Filter = _ => false };
        var start = pair.Time.GetUtcNow();
        pair.A.Engine.Initiate("to-b");
        var sendTimes = new List<TimeSpan>();
        pair.Collect(pair.A);

        // Follow the armed timer like the host would until the engine stops asking.
        while (pair.A.ArmedAt is { } due && pair.A.Events.Count == 0)
        {
            sendTimes.AddRange(pair.A.Outbox.Select(_ => pair.Time.GetUtcNow() - start));
            pair.A.Outbox.Clear();
            pair.Time.SetUtcNow(due);
            pair.A.ArmedAt = null;
            pair.A.Engine.Tick();
            pair.Collect(pair.A);
        }

        // 1 + 5 retransmissions at 0, 4, 4+7.2, ... seconds (RetransmitTimeout 4 s, base 1.8).
        Assert.Equal(6, sendTimes.Count);
        Assert.Equal(TimeSpan.Zero, sendTimes[0]);
        Assert.Equal(TimeSpan.FromSeconds(4), sendTimes[1]);
        Assert.Equal(TimeSpan.FromSeconds(4 + 7.2), sendTimes[2]);
        var failed = Assert.IsType<Failed>(Assert.Single(pair.A.Events));
        Assert.Contains("IKE_SA_INIT", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(pair.A.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Duplicated_requests_after_establishment_do_not_repeat_work()
    {
        var pair = new EnginePair(a => a with { ChildProposals = ["aes256gcm16"] });
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");

        // HDR, SK {SA, Ni, TSi, TSr} -->  delivered twice
        var request = pair.Next(pair.A);
        Assert.Equal(ExchangeType.CreateChildSa, request.Exchange);
        pair.Deliver(request);
        pair.Deliver(request);
        pair.Pump();

        pair.AssertChildSasMatch(2);
        Assert.Equal(1, pair.B.Engine.Counters.RetransmittedResponses);
    }

    [Fact]
    public void Old_and_future_message_ids_are_ignored()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");
        var request = pair.Next(pair.A);

        // Replay the IKE_AUTH request (message ID 1) later than the cache window: B ignores it.
        var authRequest = pair.Wire.First(p => p.Exchange == ExchangeType.IkeAuth && !p.IsResponse);
        pair.Deliver(request);
        pair.Deliver(authRequest);

        Assert.Equal(1, pair.B.Engine.Counters.OutOfWindow);
        pair.Pump();
        pair.AssertChildSasMatch(2);
    }

    [Theory]
    [InlineData(0)] // HDR, SA, KEi, Ni -->
    [InlineData(1)] // <-- HDR, SA, KEr, Nr
    [InlineData(2)] // HDR, SK {IDi, AUTH, SA2i, TSi, TSr} -->
    [InlineData(3)] // <-- HDR, SK {IDr, AUTH, SA2r, TSi, TSr}
    public void Losing_any_one_message_of_the_initial_exchanges_only_delays_them(int lost)
    {
        var pair = new EnginePair();
        int seen = 0;
        pair.Filter = _ => seen++ != lost;
        pair.A.Engine.Initiate("to-b");
        pair.Pump();
        Assert.Empty(pair.A.Installed);

        pair.Advance(TimeSpan.FromSeconds(4));

        pair.AssertChildSasMatch(1);
        Assert.Single(pair.A.Events.OfType<IkeSaEstablished>());
        Assert.Single(pair.B.Events.OfType<IkeSaEstablished>());
    }

    [Fact]
    public void Every_message_duplicated_still_gives_one_sa_per_side()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");
        while (true)
        {
            pair.Collect(pair.A);
            pair.Collect(pair.B);
            var side = pair.A.Outbox.Count > 0 ? pair.A : pair.B.Outbox.Count > 0 ? pair.B : null;
            if (side is null)
            {
                break;
            }

            var packet = side.Outbox.Dequeue();
            pair.Deliver(packet);
            pair.Deliver(packet);
        }

        pair.AssertChildSasMatch(1);
        Assert.Single(pair.A.Events.OfType<IkeSaEstablished>());
        Assert.Single(pair.B.Events.OfType<IkeSaEstablished>());
        Assert.Single(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    [Fact]
    public void Delayed_original_arriving_after_its_retransmission_is_harmless()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");

        // HDR, SK {SA, Ni, TSi, TSr} -->  held in the network
        var held = pair.Next(pair.A);
        pair.Advance(TimeSpan.FromSeconds(4), pump: false);

        // The retransmission goes through first, then the delayed original.
        pair.Deliver(pair.Next(pair.A));
        pair.Deliver(pair.Next(pair.B));
        pair.Deliver(held);
        pair.Pump();

        pair.AssertChildSasMatch(2);
    }
}
