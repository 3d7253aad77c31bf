using Kyoten.Ike.Sa;
using Kyoten.Ike.Status;

namespace Kyoten.Agent.Ike;

/// <summary>An immutable picture taken on the loop thread after every step; read by any thread.</summary>
/// <remarks><see cref="Statistics"/> is read from the engine on the loop thread too: the engine is single-threaded.</remarks>
internal sealed record DaemonSnapshot(IkeEngineStatus Status, IReadOnlyList<TunnelCounters> Tunnels, EngineStatistics? Statistics = null)
{
    public static DaemonSnapshot Empty { get; } = new(new IkeEngineStatus([]), []);
}
