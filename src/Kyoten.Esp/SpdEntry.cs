namespace Kyoten.Esp;

/// <summary>
/// One outbound policy: packets from <see cref="LocalSelector"/> to <see cref="RemoteSelector"/> get
/// <see cref="Action"/>. For <see cref="SpdAction.Protect"/> the current SA is <see cref="OutboundSa"/>,
/// which the agent swaps atomically on rekey (make-before-break: install the new inbound SA in the
/// <see cref="SaDatabase"/>, switch this property, remove the old inbound SA later). While it is null
/// (SA not negotiated yet) the data path should drop or queue and trigger IKE.
/// </summary>
public sealed class SpdEntry
{
    private OutboundSa? _outboundSa;

    public SpdEntry(TrafficSelector localSelector, TrafficSelector remoteSelector, SpdAction action, OutboundSa? outboundSa = null, int handle = 0)
    {
        ArgumentNullException.ThrowIfNull(localSelector);
        ArgumentNullException.ThrowIfNull(remoteSelector);
        if (localSelector.AddressFamily != remoteSelector.AddressFamily)
        {
            throw new ArgumentException("local and remote selectors must be of one address family", nameof(remoteSelector));
        }

        LocalSelector = localSelector;
        RemoteSelector = remoteSelector;
        Action = action;
        _outboundSa = outboundSa;
        Handle = handle;
    }

    public TrafficSelector LocalSelector { get; }

    public TrafficSelector RemoteSelector { get; }

    public SpdAction Action { get; }

    /// <summary>Caller-defined tag (e.g. tunnel id) for telemetry and IKE triggers.</summary>
    public int Handle { get; }

    /// <summary>The SA used for <see cref="SpdAction.Protect"/>; read and replaced atomically.</summary>
    public OutboundSa? OutboundSa
    {
        get => Volatile.Read(ref _outboundSa);
        set => Volatile.Write(ref _outboundSa, value);
    }

    /// <summary>Source in the local selector and destination in the remote one, protocol and ports included.</summary>
    public bool Matches(in IpPacket packet) =>
        LocalSelector.Matches(packet.Source, packet.Protocol, packet.HasPorts, packet.SourcePort)
        && RemoteSelector.Matches(packet.Destination, packet.Protocol, packet.HasPorts, packet.DestinationPort);

    public override string ToString() => $"{LocalSelector} -> {RemoteSelector}: {Action}";
}
