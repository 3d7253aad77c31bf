using Kyoten.Agent.Control;
using Microsoft.Extensions.Time.Testing;

namespace Kyoten.Agent.Tests.Control;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Schedule_DoublesFromOneSecondAndIsCappedAtSixtySeconds()
    {
        var backoff = new ReconnectBackoff(new FakeTimeProvider(), new Random(1));
        var ceilings = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            ceilings.Add(backoff.Ceiling);
            backoff.NextDelay();
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60, 60], ceilings.Select(c => (int)c.TotalSeconds));
    }

    [Fact]
    public void Delays_AreFullJitter_SpreadBelowTheCeilingAndNeverAboveTheCap()
    {
        var backoff = new ReconnectBackoff(new FakeTimeProvider(), new Random(42));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var ceiling = backoff.Ceiling;
            var delay = backoff.NextDelay();
            Assert.InRange(delay, TimeSpan.Zero, ceiling);
            delays.Add(delay);
        }

        var capped = delays.Skip(10).ToList();
        Assert.All(capped, d => Assert.True(d <= ReconnectBackoff.Cap));
        // Full jitter: the capped delays cover the range instead of clustering at the cap.
        Assert.Contains(capped, d => d < TimeSpan.FromSeconds(20));
        Assert.Contains(capped, d => d > TimeSpan.FromSeconds(40));
        Assert.True(capped.Distinct().Count() > capped.Count * 9 / 10);
    }

    [Fact]
    public void Agents_WithDifferentRandomness_DoNotRetryInLockStep()
    {
        var a = new ReconnectBackoff(new FakeTimeProvider(), new Random(1));
        var b = new ReconnectBackoff(new FakeTimeProvider(), new Random(2));

        var same = Enumerable.Range(0, 8).Count(_ => a.NextDelay() == b.NextDelay());

        Assert.Equal(0, same);
    }

    [Fact]
    public void StableConnection_ResetsTheSchedule()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(time, new Random(3));
        for (var i = 0; i < 8; i++)
        {
            backoff.NextDelay();
        }

        backoff.Connected();
        time.Advance(ReconnectBackoff.StableAfter);

        Assert.InRange(backoff.NextDelay(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Ceiling);
    }

    [Fact]
    public void ShortLivedConnection_KeepsBackingOff()
    {
        var time = new FakeTimeProvider();
        var backoff = new ReconnectBackoff(time, new Random(3));
        for (var i = 0; i < 8; i++)
        {
            backoff.NextDelay();
        }

        backoff.Connected();
        time.Advance(ReconnectBackoff.StableAfter - TimeSpan.FromSeconds(1));
        backoff.NextDelay();

        Assert.Equal(ReconnectBackoff.Cap, backoff.Ceiling);
    }
}
