using Kyoten.Esp;

namespace Kyoten.Agent.Ike;

/// <summary>Per-tunnel data-path settings that IKE does not negotiate: replay window and volume lifetimes.</summary>
internal sealed record DataPathLimits(int ReplayWindow, long SoftBytes, long HardBytes, long SoftPackets, long HardPackets)
{
    public static DataPathLimits Default { get; } = new(SaParameters.DefaultReplayWindowSize, 0, 0, 0, 0);

    /// <summary>Soft limit at 90 % of the hard one, so the rekey finishes before the SA dies.</summary>
    public static DataPathLimits From(uint replayWindow, ulong childBytes, ulong childPackets) => new(
        replayWindow == 0 ? SaParameters.DefaultReplayWindowSize : (int)Math.Clamp(replayWindow, 32u, (uint)SaParameters.MaxReplayWindowSize),
        (long)(childBytes / 10 * 9),
        (long)Math.Min(childBytes, long.MaxValue),
        (long)(childPackets / 10 * 9),
        (long)Math.Min(childPackets, long.MaxValue));
}
