using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Tasks;

namespace Kyoten.Ike;

/// <summary>
/// IKEv2 (RFC 7296) as a library without I/O. The host feeds received UDP payloads to
/// <see cref="OnDatagram"/>, calls <see cref="Tick"/> when an <see cref="ArmTimer"/> falls due, and
/// carries out the <see cref="IkeAction"/>s it drains; <see cref="IkeEvent"/>s report what happened.
/// Not thread-safe: one caller at a time (the agent's IKE loop).
/// </summary>
public sealed partial class IkeEngine
{
    private readonly EngineContext _context;
    private readonly CookieJar _cookies;
    private DateTimeOffset? _armed;

    public IkeEngine(IkeEngineOptions options, TimeProvider timeProvider, RandomNumberGenerator? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _context = new EngineContext(options, timeProvider, random ?? RandomNumberGenerator.Create());
        _cookies = new CookieJar(_context.RandomBytes, options.CookieSecretLifetime, options.CookieSecretGrace, _context.Now);
    }

    /// <summary>Internal state, for tests.</summary>
    internal EngineContext Context => _context;

    /// <summary>Drop and error counters (malformed, integrity failures, unknown SPI, cookies sent, ...).</summary>
    public EngineCounters Counters => _context.Counters;

    /// <summary>A copy of the counters, safe to hand to another thread (call it on the engine's thread).</summary>
    public EngineStatistics GetStatistics() => _context.Counters.Snapshot();

    /// <summary>
    /// Adds or replaces a peer (existing SAs keep the configuration they were made with; new ones use
    /// this). Throws <see cref="ArgumentException"/> for unusable proposals, selectors or credentials.
    /// Does not initiate: call <see cref="Initiate"/> for peers this end starts.
    /// </summary>
    public void AddPeer(PeerConfig peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _ = ParsedPeerConfig.Of(peer);
        try
        {
            _ = peer.LocalId.ToWire();
            _ = peer.RemoteId?.ToWire();
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new ArgumentException("peer " + peer.Name + ": identity cannot be encoded: " + e.Message, e);
        }
        if (peer.PreSharedKey is null && peer.Certificate is null)
        {
            throw new ArgumentException("peer " + peer.Name + ": needs a PreSharedKey or a Certificate");
        }

        if (peer.Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("peer " + peer.Name + ": the certificate needs its private key");
        }

        if (peer.PreSharedKey is null && peer.TrustAnchors is not { Count: > 0 })
        {
            throw new ArgumentException("peer " + peer.Name + ": certificate authentication needs TrustAnchors to check the peer");
        }

        var earliest = peer.RekeyMargin + peer.RekeyJitter;
        if (peer.RekeyMargin < TimeSpan.Zero || peer.RekeyJitter < TimeSpan.Zero || earliest >= peer.ChildLifetime || earliest >= peer.IkeLifetime || peer.DpdInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("peer " + peer.Name + ": rekey margin plus jitter must be shorter than both lifetimes, and no time may be negative");
        }

        if (peer.IkeProposals.Count == 0 || peer.ChildProposals.Count == 0)
        {
            throw new ArgumentException("peer " + peer.Name + ": needs at least one IKE and one CHILD proposal");
        }

        _context.Peers[peer.Name] = peer;
    }

    /// <summary>Removes a peer and deletes its IKE SAs (an INFORMATIONAL delete is sent to the peer).</summary>
    public void RemovePeer(string name)
    {
        Terminate(name);
        _context.Peers.Remove(name);
        _context.Reconnects.Remove(name);
    }

    /// <summary>Starts IKE_SA_INIT toward the peer unless an IKE SA to it exists already.</summary>
    public void Initiate(string peerName)
    {
        if (!_context.Peers.TryGetValue(peerName, out var peer))
        {
            throw new ArgumentException("unknown peer " + peerName, nameof(peerName));
        }

        if (peer.RemoteEndPoint.Address.Equals(IPAddress.Any) || peer.RemoteEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("peer " + peerName + " has no remote address to initiate to", nameof(peerName));
        }

        if (SasOf(peerName).Any(sa => sa.State is IkeSaState.Connecting or IkeSaState.Authenticating or IkeSaState.Established))
        {
            return;
        }

        var sa = new IkeSa(_context, peer, originalInitiator: true, peer.LocalEndPoint, peer.RemoteEndPoint);
        sa.InitiatorSpi = _context.AllocateIkeSpi();
        _context.Register(sa);
        sa.Tasks.Queue(new IkeInitTask(sa));
        UpdateTimer();
    }

    /// <summary>Deletes every IKE SA of the peer (with its CHILD SAs) by an INFORMATIONAL exchange.</summary>
    public void Terminate(string peerName)
    {
        _context.Reconnects.Remove(peerName);
        foreach (var sa in SasOf(peerName).ToList())
        {
            sa.TerminatedLocally = true;
            if (sa.IsEstablished)
            {
                sa.Tasks.Queue(new DeleteTask(deleteIkeSa: true), first: true);
            }
            else
            {
                sa.Destroy("terminated");
            }
        }

        UpdateTimer();
    }

    /// <summary>Creates one more CHILD SA with the peer's configured selectors on its established IKE SA.</summary>
    public void CreateChildSa(string peerName)
    {
        if (SasOf(peerName).FirstOrDefault(sa => sa.IsEstablished) is { } sa)
        {
            sa.Tasks.Queue(new ChildCreateTask());
            UpdateTimer();
        }
    }

    /// <summary>Deletes one CHILD SA, named by its inbound SPI, with an INFORMATIONAL exchange.</summary>
    public void DeleteChildSa(string peerName, uint inboundSpi)
    {
        foreach (var sa in SasOf(peerName))
        {
            if (sa.IsEstablished && sa.FindChildByInbound(inboundSpi) is { DeleteQueued: false } child)
            {
                child.DeleteQueued = true;
                sa.Tasks.Queue(new DeleteTask(child));
                UpdateTimer();
                return;
            }
        }
    }

    /// <summary>Rekeys the peer's IKE SA now (normally driven by the lifetime).</summary>
    public void RekeyIkeSa(string peerName)
    {
        if (SasOf(peerName).FirstOrDefault(sa => sa.IsEstablished) is { } sa && !sa.Tasks.Has<IkeRekeyTask>())
        {
            sa.Tasks.Queue(new IkeRekeyTask());
            UpdateTimer();
        }
    }

    /// <summary>Rekeys one CHILD SA, named by its inbound SPI, now.</summary>
    public void RekeyChildSa(string peerName, uint inboundSpi)
    {
        foreach (var sa in SasOf(peerName))
        {
            if (sa.IsEstablished && sa.FindChildByInbound(inboundSpi) is { State: ChildSaState.Installed } child)
            {
                child.RekeyAt = DateTimeOffset.MaxValue;
                sa.Tasks.Queue(new ChildRekeyTask(child));
                UpdateTimer();
                return;
            }
        }
    }

    /// <summary>
    /// The data path saw the peer's NAT mapping change: authenticated, non-replayed ESP that moved
    /// the replay window now comes from <paramref name="remote"/> (what a kernel reports as a NAT-T
    /// mapping change). RFC 7296 §2.23 has the side that is not behind the NAT follow the other
    /// side's new address; the engine already does so for IKE requests, and this does it for the
    /// peer's IKE SAs before the next IKE request, so rekeys, DPD and the CHILD SAs they install go
    /// to the new mapping. Returns how many IKE SAs moved: only established ones that detected a NAT
    /// in front of the peer and run on the NAT-T port, in the same address family.
    /// </summary>
    public int OnPeerMoved(string peerName, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        int moved = 0;
        foreach (var sa in SasOf(peerName))
        {
            if (sa.IsEstablished && sa.NatRemote && sa.Local.Port == _context.Options.NatTraversalPort
                && sa.Remote.AddressFamily == remote.AddressFamily && !sa.Remote.Equals(remote))
            {
                sa.Remote = remote;
                moved++;
            }
        }

        return moved;
    }

    /// <summary>
    /// Tells the engine that authenticated ESP/AH traffic arrived on a CHILD SA (by inbound SPI), so
    /// dead peer detection stays quiet while traffic flows (RFC 7296 §2.4). Cheap; call it at most
    /// every few seconds per SA.
    /// </summary>
    public void OnChildSaTraffic(uint inboundSpi)
    {
        foreach (var sa in _context.Sas.Values)
        {
            if (sa.IsEstablished && sa.FindChildByInbound(inboundSpi) is not null)
            {
                sa.LastInbound = _context.Now;
                UpdateTimer();
                return;
            }
        }
    }

    /// <summary>
    /// The data path's usage of a CHILD SA: cumulative bytes and packets since it was installed
    /// (kernels apply volume limits per direction, so pass the larger direction's totals). Reaching
    /// the peer's ChildRekeyBytes/Packets starts a rekey once; reaching ChildLifetimeBytes/Packets
    /// deletes the CHILD SA. Unknown SPIs are ignored (the SA may just have been deleted).
    /// </summary>
    public void ReportChildUsage(uint inboundSpi, long bytes, long packets)
    {
        foreach (var sa in _context.Sas.Values)
        {
            if (sa.IsEstablished && sa.FindChildByInbound(inboundSpi) is { } child)
            {
                sa.OnChildUsage(child, bytes, packets);
                UpdateTimer();
                return;
            }
        }
    }

    /// <summary>Runs everything that is due at the provider's current time (retransmits, rekeys, DPD, expiry).</summary>
    public void Tick()
    {
        var now = _context.Now;
        foreach (var (name, due) in _context.Reconnects.ToList())
        {
            if (now >= due)
            {
                _context.Reconnects.Remove(name);
                if (_context.Peers.ContainsKey(name))
                {
                    Initiate(name);
                }
            }
        }

        foreach (var sa in _context.Sas.Values.ToList())
        {
            if (sa.State != IkeSaState.Deleted)
            {
                sa.OnTick(now);
            }
        }

        _armed = null;
        UpdateTimer();
    }

    /// <summary>Takes the oldest pending action, if any.</summary>
    public bool TryDequeueAction([NotNullWhen(true)] out IkeAction? action) => _context.Actions.TryDequeue(out action);

    /// <summary>Takes the oldest pending event, if any.</summary>
    public bool TryDequeueEvent([NotNullWhen(true)] out IkeEvent? ikeEvent) => _context.Events.TryDequeue(out ikeEvent);

    /// <summary>Takes all pending actions in order.</summary>
    public IReadOnlyList<IkeAction> DrainActions()
    {
        var list = _context.Actions.ToList();
        _context.Actions.Clear();
        return list;
    }

    /// <summary>Takes all pending events in order.</summary>
    public IReadOnlyList<IkeEvent> DrainEvents()
    {
        var list = _context.Events.ToList();
        _context.Events.Clear();
        return list;
    }

    private IEnumerable<IkeSa> SasOf(string peerName) => _context.Sas.Values.Where(sa => sa.Peer.Name == peerName && sa.State != IkeSaState.Deleted);

    /// <summary>Emits ArmTimer when the earliest deadline moved.</summary>
    private void UpdateTimer()
    {
        DateTimeOffset? next = null;
        foreach (var due in _context.Reconnects.Values)
        {
            if (next is null || due < next)
            {
                next = due;
            }
        }

        foreach (var sa in _context.Sas.Values)
        {
            if (sa.NextDeadline() is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        if (next is { } value && next != _armed)
        {
            _armed = value;
            _context.Emit(new ArmTimer(value));
        }
    }
}
