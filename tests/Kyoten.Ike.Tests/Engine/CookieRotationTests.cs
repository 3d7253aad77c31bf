using Kyoten.Ike.Config;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>RFC 7296 §2.6: the cookie secret changes periodically; the previous one is honoured for a grace period.</summary>
public sealed class CookieRotationTests
{
    private static readonly IkeEngineOptions Options = new()
    {
        CookieThreshold = 0,
        CookieSecretLifetime = TimeSpan.FromMinutes(5),
        CookieSecretGrace = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public void Cookie_made_just_before_a_rotation_is_accepted_within_the_grace_period()
    {
        var (pair, retry) = CookieRetry();
        Assert.Equal(1, CookieVersion(retry));

        // The secret is replaced while the initiator's retry is in flight.
        pair.Time.Advance(Options.CookieSecretLifetime + TimeSpan.FromSeconds(30));

        // HDR, N(COOKIE), SA, KEi, Ni -->   (cookie of the previous secret)
        pair.Deliver(retry);
        pair.Pump();

        Assert.Equal(1, pair.B.Engine.Counters.CookiesSent);
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Cookie_of_a_secret_retired_longer_than_the_grace_period_is_answered_with_a_new_cookie()
    {
        var (pair, retry) = CookieRetry();
        pair.Time.Advance(Options.CookieSecretLifetime);

        // A first request after the lifetime replaces the secret; the grace period starts then.
        pair.B.Engine.OnDatagram(retry.Send.Remote, retry.Send.Local, TamperedSpi(retry.Send.Datagram));
        pair.Collect(pair.B);
        Assert.Equal(2, pair.B.Engine.Counters.CookiesSent);
        pair.Time.Advance(Options.CookieSecretGrace + TimeSpan.FromSeconds(1));

        // HDR, N(COOKIE), SA, KEi, Ni -->   <-- HDR, N(COOKIE')   (no IKE SA made)
        pair.Deliver(retry);

        Assert.Equal(3, pair.B.Engine.Counters.CookiesSent);
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
        var fresh = pair.Next(pair.B);
        Assert.NotEqual(CookieVersion(retry), CookieVersionOfNotify(fresh.Send.Datagram));
    }

    [Fact]
    public void Cookie_with_a_wrong_hash_is_not_accepted()
    {
        var (pair, retry) = CookieRetry();
        var forged = (byte[])retry.Send.Datagram.Clone();
        forged[CookieOffset + 5] ^= 0x01;

        pair.B.Engine.OnDatagram(retry.Send.Remote, retry.Send.Local, forged);

        Assert.Equal(2, pair.B.Engine.Counters.CookiesSent);
        Assert.Empty(pair.B.Engine.GetStatus().Peers.Single().IkeSas);
    }

    // IKE header (28) + Notify header (4 generic + 4 protocol/SPI size/type): the cookie data follows.
    private const int CookieOffset = 28 + 8;

    private static (EnginePair Pair, EnginePair.Packet Retry) CookieRetry()
    {
        var pair = new EnginePair(options: Options);
        pair.A.Engine.Initiate("to-b");

        // HDR, SA, KEi, Ni -->   <-- HDR, N(COOKIE)
        pair.Deliver(pair.Next(pair.A));
        pair.Deliver(pair.Next(pair.B));
        Assert.Equal(1, pair.B.Engine.Counters.CookiesSent);

        // HDR, N(COOKIE), SA, KEi, Ni -->   (held back by the test)
        return (pair, pair.Next(pair.A));
    }

    private static byte CookieVersion(EnginePair.Packet retry) => retry.Send.Datagram[CookieOffset];

    private static byte CookieVersionOfNotify(byte[] datagram) => datagram[CookieOffset];

    private static byte[] TamperedSpi(byte[] datagram)
    {
        var copy = (byte[])datagram.Clone();
        copy[0] ^= 0xFF;
        return copy;
    }
}
