using Kyoten.Controller.Dashboard;

namespace Kyoten.Dashboard.Tests.Services;

public sealed class TrafficDeltaTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static TrafficBucketRow Row(int bucket, long spi, long bytesIn, DateTimeOffset? established = null) =>
        new() { At = Since.AddMinutes(bucket), SpiIn = spi, BytesIn = bytesIn, EstablishedAt = established ?? Since.AddSeconds(1) };

    [Fact]
    public void Cumulative_counters_become_per_bucket_traffic_across_a_rekey()
    {
        // SA 1 counts 100 then 250; the rekey brings SA 2, which starts again from zero.
        var points = FleetQueries.Deltas([Row(0, 1, 100), Row(1, 1, 250), Row(2, 2, 40), Row(3, 2, 90)], Since, 60, 5);

        Assert.Equal([100, 150, 40, 50, 0], points.Select(p => p.BytesIn));
    }

    [Fact]
    public void An_sa_older_than_the_window_counts_only_what_it_carried_inside_it()
    {
        var points = FleetQueries.Deltas([Row(0, 7, 1_000_000, Since.AddDays(-1)), Row(1, 7, 1_000_500, Since.AddDays(-1))], Since, 60, 2);

        Assert.Equal([0, 500], points.Select(p => p.BytesIn));
    }
}
