using Kyoten.Ike.Config;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>The statistics snapshot the agent reports: exchanges, retransmissions and drops by reason.</summary>
public sealed class EngineStatisticsTests
{
    [Fact]
    public void A_handshake_counts_two_requests_each_way_and_no_drops()
    {
        var pair = new EnginePair();

        // IKE_SA_INIT and IKE_AUTH: A sends two requests and accepts two responses; B accepts two requests.
        pair.Establish();

        var a = pair.A.Engine.GetStatistics();
        var b = pair.B.Engine.GetStatistics();
        Assert.Equal((2L, 2L, 0L), (a.RequestsSent, a.ResponsesReceived, a.RequestsReceived));
        Assert.Equal((0L, 0L, 2L), (b.RequestsSent, b.ResponsesReceived, b.RequestsReceived));
        Assert.Equal(0, a.Dropped + b.Dropped);
        Assert.Equal(0, a.Retransmissions);
    }

    [Fact]
    public void A_silent_peer_shows_every_retransmission_and_the_give_up()
    {
        var options = new IkeEngineOptions { RetransmitTries = 3, ReconnectDelay = TimeSpan.Zero };
        var pair = new EnginePair(options: options) { Filter = _ => false };
        pair.A.Engine.Initiate("to-b");

        pair.Run(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        var a = pair.A.Engine.GetStatistics();
        Assert.Equal(1, a.RequestsSent);
        Assert.Equal(3, a.Retransmissions);
        Assert.Equal(1, a.ExchangesGivenUp);
    }

    [Fact]
    public void Tampered_and_stray_datagrams_are_counted_by_reason()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.RekeyIkeSa("to-b");
        var request = pair.Next(pair.A);

        // An SK payload with one flipped ciphertext bit fails the ICV and is dropped silently.
        var tampered = (byte[])request.Send.Datagram.Clone();
        tampered[^20] ^= 0x01;
        pair.B.Engine.OnDatagram(request.Send.Remote, request.Send.Local, tampered);

        // The same request with SPIs nobody owns.
        var stray = (byte[])request.Send.Datagram.Clone();
        stray[0] ^= 0xFF;
        stray[8] ^= 0xFF;
        pair.B.Engine.OnDatagram(request.Send.Remote, request.Send.Local, stray);

        // Three octets are no IKE message at all.
        pair.B.Engine.OnDatagram(request.Send.Remote, request.Send.Local, [1, 2, 3]);

        var b = pair.B.Engine.GetStatistics();
        Assert.Equal(1, b.IntegrityFailures);
        Assert.Equal(1, b.UnknownSpi);
        Assert.Equal(1, b.Malformed);
        Assert.Equal(3, b.Dropped);
    }

    [Fact]
    public void Snapshot_does_not_change_when_the_engine_counts_on()
    {
        var pair = new EnginePair();
        var before = pair.B.Engine.GetStatistics();

        pair.Establish();

        Assert.Equal(0, before.RequestsReceived);
        Assert.Equal(2, pair.B.Engine.GetStatistics().RequestsReceived);
    }
}
