using Kyoten.Ike.Config;

namespace Kyoten.Agent.Ike;

/// <summary>
/// One configured tunnel as the daemon runs it. <see cref="EnginePeer"/> is the name in the
/// IKE engine and the data path (the tunnel name plus a generation, so a changed tunnel's new
/// peer never meets the old one's SAs that are still being deleted). Loop thread only.
/// </summary>
internal sealed class DaemonTunnel(string name, PeerConfig peer, DataPathLimits limits)
{
    public string Name { get; } = name;

    public string EnginePeer => Peer.Name;

    public PeerConfig Peer { get; } = peer;

    public DataPathLimits Limits { get; } = limits;

    public int IkeRekeys { get; set; }

    public int ChildRekeys { get; set; }

    /// <summary>Consecutive failed attempts, for the re-initiation back-off.</summary>
    public int Failures { get; set; }

    public ITimer? ReconnectTimer { get; set; }

    /// <summary>Selectors currently given to the data path, to avoid needless SPD rewrites on rekey.</summary>
    public string? PolicyKey { get; set; }

    /// <summary>Old IKE SPIs of rekeyed IKE SAs: their deletion is not a "down".</summary>
    public HashSet<ulong> ReplacedIkeSpis { get; } = [];
}
