using System.Net;
using System.Net.Sockets;
using Kyoten.Agent.DataPath.Udp;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>The control side: policies, SA install/remove (make-before-break), IKE over 4500, keepalives.</summary>
internal sealed partial class DataPathEngine
{
    private readonly Lock _control = new();
    private readonly Dictionary<string, Tunnel> _tunnels = new(StringComparer.Ordinal);
    private readonly List<(SecurityAssociation Sa, long Tick)> _retired = [];
    private Tunnel?[] _tunnelsById = [];
    private long _tick;

    /// <summary>
    /// Replaces the policies of <paramref name="tunnelName"/>: traffic from any local selector to any
    /// remote selector (same family) goes into the tunnel. Without an SA it is dropped, never sent in clear.
    /// </summary>
    public void SetPolicies(string tunnelName, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        lock (_control)
        {
            SetPoliciesLocked(GetOrAddTunnel(tunnelName), local, remote);
        }
    }

    /// <summary>
    /// Installs a CHILD SA pair for <paramref name="tunnelName"/>. The inbound SA is added first, then
    /// outbound traffic switches to the new outbound SA (make-before-break on rekey); the previous
    /// SAs stay until <see cref="RemoveSa"/>. When the tunnel has no policies yet, they are made from
    /// the outbound SA's selectors. <paramref name="peer"/> is the peer's NAT-T endpoint when
    /// <paramref name="udpEncapsulation"/>, else its address for raw ESP/AH (port ignored).
    /// </summary>
    public void InstallSa(SaParameters inbound, SaParameters outbound, string tunnelName, IPEndPoint peer, bool udpEncapsulation)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(peer);
        ValidateRoute(inbound, outbound, peer, udpEncapsulation);
        var inboundSa = new InboundSa(inbound);
        var outboundSa = new OutboundSa(outbound);
        lock (_control)
        {
            Tunnel tunnel = GetOrAddTunnel(tunnelName);
            inboundSa.Handle = tunnel.Id;
            try
            {
                _sad.Add(inboundSa);
            }
            catch (InvalidOperationException)
            {
                inboundSa.Dispose();
                outboundSa.Dispose();
                throw new ArgumentException($"inbound SPI 0x{inbound.Spi:x8} is already installed", nameof(inbound));
            }

            tunnel.InboundSas.Add(inboundSa);
            tunnel.OutboundSas.Add(outboundSa);
            tunnel.UdpEncapsulation = udpEncapsulation;
            tunnel.Peer = NetEndpoint.FromIPEndPoint(udpEncapsulation ? peer : new IPEndPoint(peer.Address, 0));
            tunnel.LocalAddress = LocalAddressFor(inbound, outbound, peer, udpEncapsulation);
            tunnel.RemoteAddress = outbound.TunnelRemote ?? peer.Address;
            if (tunnel.Policies.Length == 0)
            {
                SetPoliciesLocked(tunnel, OrAny(outbound.LocalSelectors), OrAny(outbound.RemoteSelectors));
            }

            SwitchOutbound(tunnel, outboundSa);
        }

        DataPathLog.SaInstalled(_logger, tunnelName, inbound.Spi, outbound.Spi, outbound.Protocol.ToString(), outbound.Mode.ToString(), peer.ToString());
    }

    /// <summary>
    /// Removes the SAs with these SPIs from <paramref name="tunnelName"/> (after a rekey, the old
    /// pair). If the outbound one is current, traffic falls back to the newest remaining outbound SA.
    /// Returns false when neither SPI was installed there.
    /// </summary>
    public bool RemoveSa(string tunnelName, uint inboundSpi, uint outboundSpi)
    {
        bool removed = false;
        lock (_control)
        {
            if (!_tunnels.TryGetValue(tunnelName, out Tunnel? tunnel))
            {
                return false;
            }

            InboundSa? inbound = tunnel.InboundSas.Find(sa => sa.Spi == inboundSpi);
            if (inbound is not null)
            {
                _sad.Remove(inboundSpi);
                tunnel.InboundSas.Remove(inbound);
                _retired.Add((inbound, _tick));
                removed = true;
            }

            OutboundSa? outbound = tunnel.OutboundSas.Find(sa => sa.Spi == outboundSpi);
            if (outbound is not null)
            {
                tunnel.OutboundSas.Remove(outbound);
                if (ReferenceEquals(tunnel.Outbound, outbound))
                {
                    SwitchOutbound(tunnel, tunnel.OutboundSas.Count > 0 ? tunnel.OutboundSas[^1] : null);
                }

                _retired.Add((outbound, _tick));
                removed = true;
            }
        }

        if (removed)
        {
            DataPathLog.SaRemoved(_logger, tunnelName, inboundSpi, outboundSpi);
        }

        return removed;
    }

    /// <summary>Removes a tunnel's policies and SAs; its traffic is dropped from now on.</summary>
    public void RemoveTunnel(string tunnelName)
    {
        lock (_control)
        {
            if (!_tunnels.Remove(tunnelName, out Tunnel? tunnel))
            {
                return;
            }

            foreach (SpdEntry entry in tunnel.Policies)
            {
                _spd.Remove(entry);
            }

            foreach (InboundSa sa in tunnel.InboundSas)
            {
                _sad.Remove(sa.Spi);
                _retired.Add((sa, _tick));
            }

            tunnel.OutboundSas.ForEach(sa => _retired.Add((sa, _tick)));
            Tunnel?[] byId = (Tunnel?[])_tunnelsById.Clone();
            byId[tunnel.Id] = null;
            Volatile.Write(ref _tunnelsById, byId);
        }
    }

    /// <summary>Sends an IKE message to <paramref name="remote"/> from the NAT-T socket, behind the non-ESP marker (RFC 3948 §2.2).</summary>
    public void SendIke(IPEndPoint remote, ReadOnlySpan<byte> ikeMessage)
    {
        ArgumentNullException.ThrowIfNull(remote);
        byte[] datagram = new byte[UdpEncapsulation.NonEspMarkerLength + ikeMessage.Length];
        ikeMessage.CopyTo(datagram.AsSpan(UdpEncapsulation.NonEspMarkerLength));
        _udp.SendTo(datagram, NetEndpoint.FromIPEndPoint(remote));
    }

    /// <summary>Counters of every installed SA (both directions), from the Kyoten.Esp SA objects.</summary>
    public IReadOnlyList<SaStatistics> GetSaStatistics()
    {
        var result = new List<SaStatistics>();
        lock (_control)
        {
            foreach (Tunnel tunnel in _tunnels.Values)
            {
                foreach (InboundSa sa in tunnel.InboundSas)
                {
                    // Each counter read once, so the total always equals the sum of the reasons shown.
                    Dictionary<UnprotectResult, long> count = Enum.GetValues<UnprotectResult>()
                        .Where(r => r is not (UnprotectResult.Ok or UnprotectResult.Dummy))
                        .ToDictionary(r => r, sa.GetDropCount);
                    result.Add(new SaStatistics(tunnel.Name, sa.Spi, true, sa.Bytes, sa.Packets, count.Values.Sum(), sa.SoftLifetimeReached, sa.HardLifetimeReached)
                    {
                        Replayed = count[UnprotectResult.Replayed],
                        AuthFailed = count[UnprotectResult.AuthFailed],
                        Malformed = count[UnprotectResult.Malformed] + count[UnprotectResult.BadPadding] + count[UnprotectResult.UnknownSpi],
                        PolicyMismatch = count[UnprotectResult.PolicyMismatch],
                    });
                }

                foreach (OutboundSa sa in tunnel.OutboundSas)
                {
                    long drops = Enum.GetValues<ProtectResult>().Where(r => r != ProtectResult.Ok).Sum(sa.GetDropCount);
                    result.Add(new SaStatistics(tunnel.Name, sa.Spi, false, sa.Bytes, sa.Packets, drops, sa.SoftLifetimeReached, sa.HardLifetimeReached));
                }
            }
        }

        return result;
    }

    /// <summary>Per-tunnel counters outside any SA (unknown SPIs from the tunnel's peer, NAT rebindings).</summary>
    public IReadOnlyList<TunnelStatistics> GetTunnelStatistics()
    {
        lock (_control)
        {
            return [.. _tunnels.Values.Select(t => new TunnelStatistics(t.Name, t.UnknownSpiDrops) { Rebindings = t.Rebindings, Peer = t.Peer.ToString() })];
        }
    }

    /// <summary>RFC 3948 §2.3 NAT-keepalive (one 0xFF octet) to every UDP-encapsulated peer; also frees retired SAs.</summary>
    private void SendKeepalives()
    {
        foreach (Tunnel? tunnel in Volatile.Read(ref _tunnelsById))
        {
            if (tunnel is { UdpEncapsulation: true, Outbound: not null })
            {
                _udp.SendTo([UdpEncapsulation.KeepaliveByte], tunnel.Peer);
                Interlocked.Increment(ref _keepalivesSent);
            }
        }

        lock (_control)
        {
            _tick++;
            DisposeRetired(all: false);
        }
    }

    /// <summary>
    /// Frees SAs removed at least one timer tick ago: a packet thread that read the SA just before
    /// the removal has long finished with it by then.
    /// </summary>
    private void DisposeRetired(bool all)
    {
        for (int i = _retired.Count - 1; i >= 0; i--)
        {
            if (all || _retired[i].Tick < _tick)
            {
                _retired[i].Sa.Dispose();
                _retired.RemoveAt(i);
            }
        }
    }

    private void ValidateRoute(SaParameters inbound, SaParameters outbound, IPEndPoint peer, bool udpEncapsulation)
    {
        IPAddress? local = LocalAddressFor(inbound, outbound, peer, udpEncapsulation);
        if (local is not null && local.AddressFamily != peer.AddressFamily)
        {
            throw new ArgumentException($"local address {local} and peer {peer.Address} are of different families", nameof(peer));
        }

        if (udpEncapsulation && inbound.Mode == IpsecMode.Transport && inbound.TunnelLocal is null && local is null)
        {
            // The receiver rebuilds the IP header that UDP encapsulation dropped (RFC 3948 §3.1.2).
            throw new ArgumentException("transport mode over UDP needs TunnelLocal or a NAT-T socket bound to one address", nameof(inbound));
        }

        if (udpEncapsulation && outbound.Protocol == IpsecProtocol.Ah)
        {
            throw new ArgumentException("AH cannot be UDP-encapsulated (RFC 3948 covers ESP only)", nameof(udpEncapsulation));
        }

        if (!udpEncapsulation && (_rawEsp is null || _rawAh is null))
        {
            throw new InvalidOperationException("raw ESP/AH needs DataPathOptions.RawLocalAddress");
        }

        if (!udpEncapsulation && peer.AddressFamily != _rawEsp!.LocalEndPoint.AddressFamily)
        {
            throw new ArgumentException($"raw ESP/AH sockets are bound to {_rawEsp.LocalEndPoint}, peer {peer.Address} is of the other family", nameof(peer));
        }
    }

    /// <summary>This host's outer address: from the SA, else the raw-socket or bound NAT-T address.</summary>
    private IPAddress? LocalAddressFor(SaParameters inbound, SaParameters outbound, IPEndPoint peer, bool udpEncapsulation)
    {
        IPAddress? configured = outbound.TunnelLocal ?? inbound.TunnelLocal;
        if (configured is not null)
        {
            return configured;
        }

        if (!udpEncapsulation)
        {
            return _options.RawLocalAddress;
        }

        return _udpLocal.AddressFamily == peer.AddressFamily && !_udpLocal.Address.Equals(IPAddress.Any) && !_udpLocal.Address.Equals(IPAddress.IPv6Any)
            ? _udpLocal.Address
            : null;
    }

    private void SwitchOutbound(Tunnel tunnel, OutboundSa? sa)
    {
        if (sa is not null)
        {
            bool ipv6Outer = tunnel.RemoteAddress?.AddressFamily == AddressFamily.InterNetworkV6;
            tunnel.MaxInnerLength = _options.WanMtu - SaOverhead.Compute(sa.Parameters, ipv6Outer, tunnel.UdpEncapsulation);
        }

        tunnel.Outbound = sa;
        foreach (SpdEntry entry in tunnel.Policies)
        {
            entry.OutboundSa = sa;
        }
    }

    private void SetPoliciesLocked(Tunnel tunnel, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote)
    {
        foreach (SpdEntry entry in tunnel.Policies)
        {
            _spd.Remove(entry);
        }

        var entries = new List<SpdEntry>();
        foreach (TrafficSelector l in local)
        {
            foreach (TrafficSelector r in remote.Where(r => r.AddressFamily == l.AddressFamily))
            {
                var entry = new SpdEntry(l, r, SpdAction.Protect, tunnel.Outbound, tunnel.Id);
                entries.Add(entry);
                _spd.Add(entry);
            }
        }

        tunnel.Policies = [.. entries];
    }

    private Tunnel GetOrAddTunnel(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_tunnels.TryGetValue(name, out Tunnel? tunnel))
        {
            return tunnel;
        }

        Tunnel?[] byId = _tunnelsById;
        int id = Array.IndexOf(byId, null);
        if (id < 0)
        {
            id = byId.Length;
            Array.Resize(ref byId, byId.Length + 1);
        }
        else
        {
            byId = (Tunnel?[])byId.Clone();
        }

        tunnel = new Tunnel(name, id);
        byId[id] = tunnel;
        _tunnels.Add(name, tunnel);
        Volatile.Write(ref _tunnelsById, byId);
        return tunnel;
    }

    private static IReadOnlyList<TrafficSelector> OrAny(IReadOnlyList<TrafficSelector> selectors) =>
        selectors.Count > 0 ? selectors : [TrafficSelector.AnyIPv4, TrafficSelector.AnyIPv6];
}
