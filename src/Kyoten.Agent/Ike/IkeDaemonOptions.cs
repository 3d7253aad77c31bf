using System.Net;
using Kyoten.Ike.Config;

namespace Kyoten.Agent.Ike;

/// <summary>Where the daemon listens and how the engine behaves.</summary>
internal sealed record IkeDaemonOptions
{
    /// <summary>UDP 500 (no non-ESP marker); the NAT-T port 4500 belongs to the data path's socket.</summary>
    public required IPEndPoint IkeEndPoint { get; init; }

    /// <summary>
    /// Carry ESP in UDP 4500 even without a NAT (when the data path has no raw ESP/AH sockets,
    /// e.g. listening on every address). Both Kyoten ends accept ESP-in-UDP on 4500 regardless.
    /// </summary>
    public bool ForceUdpEncapsulation { get; init; }

    public IkeEngineOptions Engine { get; init; } = new() { ReconnectDelay = TimeSpan.Zero };

    /// <summary>First re-initiation delay after a failure; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often volume lifetimes are checked (soft byte/packet limit → rekey).</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(5);
}
