namespace Kyoten.Esp;

/// <summary>
/// State shared by both directions of the data path: identity, traffic counters, drop counters and
/// lifetime flags. Counters are updated with <see cref="Interlocked"/> so several data-path threads
/// can use one SA; readers (telemetry) see consistent 64-bit values.
/// </summary>
public abstract class SecurityAssociation : IDisposable
{
    private readonly long[] _drops;
    private readonly TrafficSelector[] _localSelectors;
    private readonly TrafficSelector[] _remoteSelectors;
    private long _bytes;
    private long _packets;
    private int _soft;
    private int _hard;

    private protected SecurityAssociation(SaParameters parameters, int dropReasons)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        _drops = new long[dropReasons];
        _localSelectors = [.. parameters.LocalSelectors];
        _remoteSelectors = [.. parameters.RemoteSelectors];
    }

    public SaParameters Parameters { get; }

    public uint Spi => Parameters.Spi;

    public IpsecProtocol Protocol => Parameters.Protocol;

    public IpsecMode Mode => Parameters.Mode;

    /// <summary>Inner (plaintext) octets protected or delivered.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Packets protected or delivered (dummy packets excluded).</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>A soft byte/packet lifetime was crossed: time to rekey (make-before-break).</summary>
    public bool SoftLifetimeReached => Volatile.Read(ref _soft) != 0;

    /// <summary>A hard lifetime was crossed or <see cref="Expire"/> was called: the SA processes nothing more.</summary>
    public bool HardLifetimeReached => Volatile.Read(ref _hard) != 0;

    /// <summary>Hard-expires the SA, e.g. when the caller's time lifetime runs out.</summary>
    public void Expire() => Volatile.Write(ref _hard, 1);

    public abstract void Dispose();

    private protected long DropCount(int reason) => Volatile.Read(ref _drops[reason]);

    private protected void CountDrop(int reason) => Interlocked.Increment(ref _drops[reason]);

    /// <summary>Counts a processed packet and raises the soft/hard flags when a limit is crossed.</summary>
    private protected void Account(int innerBytes)
    {
        long bytes = Interlocked.Add(ref _bytes, innerBytes);
        long packets = Interlocked.Increment(ref _packets);
        SaParameters p = Parameters;
        if (Reached(bytes, p.SoftLifetimeBytes) || Reached(packets, p.SoftLifetimePackets))
        {
            Volatile.Write(ref _soft, 1);
        }

        if (Reached(bytes, p.HardLifetimeBytes) || Reached(packets, p.HardLifetimePackets))
        {
            Volatile.Write(ref _hard, 1);
        }
    }

    /// <summary>Selector check (RFC 4301 §5.2): source/destination against this host's and the peer's side.</summary>
    private protected bool MatchesSelectors(in IpPacket packet, bool inbound)
    {
        ReadOnlySpan<byte> local = inbound ? packet.Destination : packet.Source;
        ReadOnlySpan<byte> remote = inbound ? packet.Source : packet.Destination;
        ushort localPort = inbound ? packet.DestinationPort : packet.SourcePort;
        ushort remotePort = inbound ? packet.SourcePort : packet.DestinationPort;
        return AnyMatches(_localSelectors, local, packet.Protocol, packet.HasPorts, localPort)
            && AnyMatches(_remoteSelectors, remote, packet.Protocol, packet.HasPorts, remotePort);
    }

    private static bool AnyMatches(TrafficSelector[] selectors, ReadOnlySpan<byte> address, byte protocol, bool hasPort, ushort port)
    {
        if (selectors.Length == 0)
        {
            return true;
        }

        foreach (TrafficSelector selector in selectors)
        {
            if (selector.Matches(address, protocol, hasPort, port))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Reached(long value, long limit) => limit > 0 && value >= limit;
}
