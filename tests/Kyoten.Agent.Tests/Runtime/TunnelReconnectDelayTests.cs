using Kyoten.Agent.Ike;

namespace Kyoten.Agent.Tests.Runtime;

/// <summary>The IKE daemon's re-initiation schedule after a failed or lost tunnel (issue 6: "re-initiation with back-off").</summary>
public sealed class TunnelReconnectDelayTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void Without_jitter_the_delay_doubles_from_two_seconds_and_stops_at_sixty()
    {
        // unitRandom 0.5 is the middle of the ±20 % band: no jitter.
        var delays = Enumerable.Range(0, 9).Select(n => TunnelReconnectDelay.Of(n, First, Max, 0.5).TotalSeconds);

        Assert.Equal([2, 4, 8, 16, 32, 60, 60, 60, 60], delays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(30)]
    public void Jitter_stays_within_twenty_percent_and_the_next_retry_never_comes_sooner(int failures)
    {
        var centre = Math.Min(First.TotalSeconds * Math.Pow(2, Math.Min(failures, 10)), Max.TotalSeconds);
        var random = new Random(failures);
        for (int i = 0; i < 200; i++)
        {
            var delay = TunnelReconnectDelay.Of(failures, First, Max, random.NextDouble());
            Assert.InRange(delay.TotalSeconds, centre * 0.8 - 1e-9, centre * 1.2 + 1e-9);
            // Below the cap the bands of consecutive retries do not overlap (2.4 s < 3.2 s, ...).
            if (centre < Max.TotalSeconds / 2)
            {
                Assert.True(TunnelReconnectDelay.Of(failures + 1, First, Max, random.NextDouble()) > delay);
            }
        }
    }

    [Fact]
    public void Jitter_spreads_a_fleet_instead_of_retrying_in_step()
    {
        var delays = Enumerable.Range(0, 100).Select(i => TunnelReconnectDelay.Of(3, First, Max, i / 100.0)).ToList();

        Assert.Equal(100, delays.Distinct().Count());
        Assert.Equal(TimeSpan.FromSeconds(16 * 0.8), delays.Min());
    }
}
