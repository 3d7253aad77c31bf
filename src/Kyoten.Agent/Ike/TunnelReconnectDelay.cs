namespace Kyoten.Agent.Ike;

/// <summary>
/// How long an initiator waits before initiating again after its IKE SA failed or went down:
/// <c>first · 2^failures</c>, capped at <c>max</c>, then ±20 % jitter so a fleet restarting
/// together does not hammer one hub in step. Unlike the controller link's full jitter, the delay
/// never drops near zero: a peer that just refused us gets a breather.
/// </summary>
internal static class TunnelReconnectDelay
{
    /// <param name="failures">Failures since the tunnel was last up (0 for the first retry).</param>
    /// <param name="unitRandom">A value in [0, 1).</param>
    public static TimeSpan Of(int failures, TimeSpan first, TimeSpan max, double unitRandom)
    {
        double factor = Math.Pow(2, Math.Clamp(failures, 0, 10));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
        return delay * (0.8 + (Math.Clamp(unitRandom, 0, 1) * 0.4));
    }
}
