using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Tasks;

namespace Kyoten.Ike.Sa;

/// <summary>
/// One IKE SA: SPIs, keys, endpoints, NAT state, its CHILD SAs and the task manager that runs its
/// exchanges. Split by concern into partial files (keys, transport, timers, teardown).
/// </summary>
internal sealed partial class IkeSa
{
    public IkeSa(EngineContext context, PeerConfig peer, bool originalInitiator, IPEndPoint local, IPEndPoint remote)
    {
        Context = context;
        Peer = peer;
        IsOriginalInitiator = originalInitiator;
        Local = local;
        Remote = remote;
        Tasks = new TaskManager(this);
        CreatedAt = context.Now;
        LastInbound = context.Now;
    }

    public EngineContext Context { get; }

    /// <summary>The peer configuration; a responder may switch it after IDi (RFC 7296 §2.15).</summary>
    public PeerConfig Peer { get; set; }

    public bool IsOriginalInitiator { get; }

    /// <summary>Set when the host asked for the delete; such SAs are not re-initiated.</summary>
    public bool TerminatedLocally { get; set; }

    public ulong InitiatorSpi { get; set; }

    public ulong ResponderSpi { get; set; }

    /// <summary>Our own SPI, the key under which the engine finds this SA.</summary>
    public ulong LocalSpi => IsOriginalInitiator ? InitiatorSpi : ResponderSpi;

    public IkeSaState State { get; set; } = IkeSaState.Connecting;

    public IPEndPoint Local { get; set; }

    public IPEndPoint Remote { get; set; }

    /// <summary>The initiator's address while this responder SA is half-open (counted for cookies), else null.</summary>
    public IPEndPoint? HalfOpenSource { get; set; }

    public TaskManager Tasks { get; }

    /// <summary>
    /// One reassembly per direction (RFC 7383 §2.6): a fragmented response to our request and the
    /// peer's fragmented request may be in flight at the same time.
    /// </summary>
    public FragmentReassembler RequestReassembler { get; } = new();

    public FragmentReassembler ResponseReassembler { get; } = new();

    public List<ChildSa> Children { get; } = [];

    public IkeAlgorithms? Algorithms { get; set; }

    public byte[] Ni { get; set; } = [];

    public byte[] Nr { get; set; } = [];

    /// <summary>Both IKE_SA_INIT messages as sent, signed by AUTH (RFC 7296 §2.15).</summary>
    public byte[] InitRequest { get; set; } = [];

    public byte[] InitResponse { get; set; } = [];

    public bool NatLocal { get; set; }

    public bool NatRemote { get; set; }

    public bool NatDetected => NatLocal || NatRemote;

    /// <summary>Hashes the peer announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4), null when it sent none.</summary>
    public IReadOnlyList<Crypto.SignatureHashAlgorithm>? PeerSignatureHashes { get; set; }

    /// <summary>CA hashes from the peer's CERTREQ payloads (RFC 7296 §3.7); null when it sent none.</summary>
    public List<byte[]>? PeerCertificateRequests { get; set; }

    /// <summary>The peer sent IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 §2.3).</summary>
    public bool PeerSupportsFragmentation { get; set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? EstablishedAt { get; set; }

    public DateTimeOffset? RekeyAt { get; set; }

    public DateTimeOffset? ExpireAt { get; set; }

    public DateTimeOffset LastInbound { get; set; }

    public DateTimeOffset LastKeepalive { get; set; }

    /// <summary>When this SA was replaced by a rekeyed one.</summary>
    public DateTimeOffset? RekeyedAt { get; set; }

    public bool IsEstablished => State == IkeSaState.Established;

    /// <summary>Tasks to queue later (after TEMPORARY_FAILURE), with their due time.</summary>
    public List<(DateTimeOffset Due, IkeTask Task)> Deferred { get; } = [];

    public void Defer(IkeTask task, TimeSpan delay) => Deferred.Add((Context.Now + delay, task));

    public ChildSa? FindChildByInbound(uint spi) => Children.Find(c => c.InboundSpi == spi);

    public ChildSa? FindChildByOutbound(uint spi) => Children.Find(c => c.OutboundSpi == spi);

    /// <summary>Marks the SA up and schedules its rekey and hard expiry.</summary>
    public void Establish()
    {
        Context.HalfOpen.Remove(this);
        State = IkeSaState.Established;
        EstablishedAt = Context.Now;
        ScheduleRekey();
        Context.Raise(new IkeSaEstablished(Peer.Name, InitiatorSpi, ResponderSpi, Algorithms!, NatDetected));
    }

    public void ScheduleRekey()
    {
        var now = Context.Now;
        RekeyAt = now + Peer.IkeLifetime - Peer.RekeyMargin - Jitter();
        ExpireAt = now + Peer.IkeLifetime;
    }

    public TimeSpan Jitter()
    {
        if (Peer.RekeyJitter <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var bytes = Context.RandomBytes(4);
        double fraction = BitConverter.ToUInt32(bytes) / (double)uint.MaxValue;
        return Peer.RekeyJitter * fraction;
    }

    /// <summary>Adds a CHILD SA and tells the data path to install it.</summary>
    public void AddChild(ChildSa child)
    {
        Children.Add(child);
        Context.Emit(new InstallChildSa(child.ToParameters(Peer.Name, Local, Remote, NatDetected, Peer.ChildLifetime, Peer.ChildLifetimeBytes, Peer.ChildLifetimePackets)));
    }

    /// <summary>Removes a CHILD SA from us and the data path.</summary>
    public void RemoveChild(ChildSa child, string reason)
    {
        if (Children.Remove(child))
        {
            Context.Emit(new RemoveChildSa(Peer.Name, child.InboundSpi, child.OutboundSpi));
            Context.Raise(new ChildSaDeleted(Peer.Name, child.InboundSpi, child.OutboundSpi, reason));
        }
    }
}
