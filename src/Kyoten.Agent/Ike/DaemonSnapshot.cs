using Kyoten.Ike.Status;

namespace Kyoten.Agent.Ike;

/// <summary>An immutable picture taken on the loop thread after every step; read by any thread.</summary>
internal sealed record DaemonSnapshot(IkeEngineStatus Status, IReadOnlyList<TunnelCounters> Tunnels)
{
    public static DaemonSnapshot Empty { get; } = new(new IkeEngineStatus([]), []);
}
