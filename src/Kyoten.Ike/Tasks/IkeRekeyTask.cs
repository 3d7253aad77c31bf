using Kyoten.Ike.Config;
using System.Buffers.Binary;
using Kyoten.Ike.Events;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// IKE SA rekey (RFC 7296 §1.3.2, §2.18):
/// <code>
/// HDR, SK {SA(SPIi'), Ni, KEi} -->
///                  &lt;-- HDR, SK {SA(SPIr'), Nr, KEr}
/// HDR, SK {D(IKE)} -->          (on the old IKE SA; its CHILD SAs moved to the new one)
/// </code>
/// SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). Collisions: lowest nonce loses (§2.8.2).
/// </summary>
internal sealed partial class IkeRekeyTask : IkeTask, IDisposable
{
    private ulong _newSpi;
    private List<Proposal> _proposals = [];
    private KeyExchangeMethod _group;
    private Crypto.IKeyExchange? _ke;
    private byte[] _ni = [];
    private int _retries;

    /// <summary>The new IKE SA the peer's colliding rekey created on our side, if any.</summary>
    public IkeSa? PeerReplacement { get; set; }

    public override ExchangeType Exchange => ExchangeType.CreateChildSa;

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        if (!sa.IsEstablished)
        {
            return null;
        }

        if (_newSpi == 0)
        {
            _newSpi = sa.Context.AllocateIkeSpi();
            _ni = sa.Context.RandomBytes(32);
            var spi = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(spi, _newSpi);
            _proposals = [.. ParsedPeerConfig.Of(sa.Peer).IkeProposals.Select(p => new Proposal { Number = p.Number, Protocol = p.Protocol, Spi = spi, Transforms = p.Transforms })];
            _group = (KeyExchangeMethod)_proposals[0].Find(TransformType.KeyExchange)!.Value.Id;
        }

        _ke?.Dispose();
        _ke = IkeCrypto.CreateKeyExchange(_group);
        return [new SaPayload { Proposals = _proposals }, new NoncePayload { Data = _ni }, new KePayload { Group = _group, Data = _ke.PublicValue.ToArray() }];
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (response.GetNotify(NotifyType.InvalidKePayload) is { Data.Length: 2 } invalidKe && ++_retries <= 2)
        {
            var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data);
            if (wanted != _group && _proposals.Exists(p => p.Transforms.Any(t => t.Type == TransformType.KeyExchange && t.Id == (ushort)wanted)))
            {
                _group = wanted;
                return TaskOutcome.Retry;
            }
        }

        var saPayload = response.Get<SaPayload>();
        var nonce = response.Get<NoncePayload>();
        var ke = response.Get<KePayload>();
        if (response.GetNotify(NotifyType.TemporaryFailure) is not null)
        {
            // The peer is busy with another exchange (RFC 7296 §2.25); try again shortly.
            sa.RekeyAt = sa.Context.Now + RetryDelay(sa);
            return TaskOutcome.Done;
        }

        if (response.FirstError() is not null || saPayload is not { Proposals.Count: 1 } || nonce is null || ke is null)
        {
            return Failed(sa, "IKE SA rekey refused: " + (response.FirstError()?.NotifyType.ToString() ?? "incomplete answer"));
        }

        var chosen = saPayload.Proposals[0];
        var algorithms = ProposalSelector.ToIkeAlgorithms(chosen);
        if (chosen.Spi.Length != 8 || !ProposalSelector.IsAcceptableAnswer(_proposals, chosen) || ke.Group != _group || algorithms.KeyExchange != _group
            || !_ke!.TryComputeSharedSecret(ke.Data, out var shared))
        {
            return Failed(sa, "IKE SA rekey answer unusable");
        }

        var fresh = NewSa(sa, originalInitiator: true, _newSpi, BinaryPrimitives.ReadUInt64BigEndian(chosen.Spi), _ni, nonce.Data, algorithms, shared);
        if (PeerReplacement is { } theirs && NonceOrder.HoldsLowest(_ni, nonce.Data, theirs.Ni, theirs.Nr))
        {
            // We lost: the peer's new IKE SA carries on; ours is redundant and we delete it.
            Promote(sa, theirs);
            fresh.Tasks.Queue(new DeleteTask(deleteIkeSa: true, "redundant after rekey collision"));
            return TaskOutcome.Done;
        }

        Promote(sa, fresh);
        sa.Tasks.Queue(new DeleteTask(deleteIkeSa: true, "rekeyed"), first: true);
        return TaskOutcome.Done;
    }

    private static TaskOutcome Failed(IkeSa sa, string reason)
    {
        sa.Context.Raise(new Failed(sa.Peer.Name, reason));
        sa.RekeyAt = sa.Context.Now + RetryDelay(sa);
        return TaskOutcome.Done;
    }

    /// <summary>
    /// Back-off after TEMPORARY_FAILURE: the IKE SA's original initiator retries after 2 to 2.5
    /// retransmit timeouts, the responder after 3 to 3.5, so two busy peers never retry in lock-step.
    /// </summary>
    internal static TimeSpan RetryDelay(IkeSa sa)
    {
        var timeout = sa.Context.Options.RetransmitTimeout;
        return (timeout * (sa.IsOriginalInitiator ? 2 : 3)) + (timeout * (sa.Context.RandomBytes(1)[0] / 512.0));
    }

    /// <summary>Builds and registers a rekeyed IKE SA; it inherits endpoints, NAT and fragmentation state.</summary>
    internal static IkeSa NewSa(IkeSa old, bool originalInitiator, ulong spiI, ulong spiR, byte[] ni, byte[] nr, IkeAlgorithms algorithms, byte[] shared)
    {
        var fresh = new IkeSa(old.Context, old.Peer, originalInitiator, old.Local, old.Remote)
        {
            InitiatorSpi = spiI,
            ResponderSpi = spiR,
            Ni = ni,
            Nr = nr,
            Algorithms = algorithms,
            NatLocal = old.NatLocal,
            NatRemote = old.NatRemote,
            PeerSupportsFragmentation = old.PeerSupportsFragmentation,
            State = IkeSaState.Established,
            EstablishedAt = old.Context.Now,
        };
        fresh.DeriveKeys(shared, old.SkD, old.Algorithms!.Prf);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(shared);
        fresh.ScheduleRekey();
        old.Context.Register(fresh);
        return fresh;
    }

    /// <summary>Moves the CHILD SAs and queued work to the winning new IKE SA (RFC 7296 §2.18).</summary>
    internal static void Promote(IkeSa old, IkeSa winner)
    {
        if (old.State == IkeSaState.Rekeyed)
        {
            return;
        }

        winner.Children.AddRange(old.Children);
        old.Children.Clear();
        foreach (var task in old.Tasks.TakeQueued())
        {
            if (task is not (IkeRekeyTask or DpdTask))
            {
                winner.Tasks.Queue(task);
            }
        }

        winner.Deferred.AddRange(old.Deferred);
        old.Deferred.Clear();
        old.State = IkeSaState.Rekeyed;
        old.RekeyedAt = old.Context.Now;
        old.Context.Raise(new IkeSaRekeyed(old.Peer.Name, old.InitiatorSpi, old.ResponderSpi, winner.InitiatorSpi, winner.ResponderSpi, winner.Algorithms!));
    }

    public void Dispose() => _ke?.Dispose();
}
