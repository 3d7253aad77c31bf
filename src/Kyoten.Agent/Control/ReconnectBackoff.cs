namespace Kyoten.Agent.Control;

/// <summary>
/// Exponential back-off with full jitter (delay uniform in [0, min(cap, base·2^n)]), so a fleet
/// of agents that lost the controller together does not come back in lock-step. A connection
/// that stayed up for <see cref="StableAfter"/> resets the schedule.
/// </summary>
internal sealed class ReconnectBackoff(TimeProvider time, Random random)
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    private int _attempt;
    private long? _connectedAt;

    /// <summary>The ceiling of the next delay (before jitter), for logs and tests.</summary>
    public TimeSpan Ceiling => TimeSpan.FromTicks(Math.Min(Cap.Ticks, Base.Ticks << Math.Min(_attempt, 30)));

    /// <summary>Marks the stream as up; the connection is judged stable when it ends.</summary>
    public void Connected() => _connectedAt = time.GetTimestamp();

    /// <summary>The wait before the next attempt; call once per failed attempt or lost connection.</summary>
    public TimeSpan NextDelay()
    {
        if (_connectedAt is { } since && time.GetElapsedTime(since) >= StableAfter)
        {
            _attempt = 0;
        }

        _connectedAt = null;
        var delay = TimeSpan.FromTicks((long)(random.NextDouble() * Ceiling.Ticks));
        _attempt = Math.Min(_attempt + 1, 30);
        return delay;
    }
}
