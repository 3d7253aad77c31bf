using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// The initiator's half of creating one CHILD SA (RFC 7296 §1.3.1, §2.17), shared by IKE_AUTH,
/// CREATE_CHILD_SA and CHILD rekey: our SPI, proposals, nonce, optional PFS key exchange, selectors.
/// </summary>
internal sealed class ChildOffer : IDisposable
{
    private Crypto.IKeyExchange? _ke;

    public ChildOffer(IkeSa sa, bool inIkeAuth, IReadOnlyList<TrafficSelector>? localTs = null, IReadOnlyList<TrafficSelector>? remoteTs = null)
    {
        var peer = sa.Peer;
        InIkeAuth = inIkeAuth;
        Spi = sa.Context.AllocateChildSpi();
        var spiBytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(spiBytes, Spi);
        Proposals = [.. ParsedPeerConfig.Of(peer).ChildProposals
            .Select(p => new Proposal { Number = p.Number, Protocol = p.Protocol, Spi = spiBytes, Transforms = inIkeAuth ? WithoutKe(p.Transforms) : p.Transforms })];
        LocalTs = localTs ?? ParsedPeerConfig.Of(peer).LocalSelectors;
        RemoteTs = remoteTs ?? ParsedPeerConfig.Of(peer).RemoteSelectors;
        Nonce = inIkeAuth ? [] : sa.Context.RandomBytes(32);
        if (!inIkeAuth && Proposals[0].Find(TransformType.KeyExchange) is { } group)
        {
            Group = (KeyExchangeMethod)group.Id;
        }
    }

    public bool InIkeAuth { get; }

    public uint Spi { get; }

    public List<Proposal> Proposals { get; }

    public IReadOnlyList<TrafficSelector> LocalTs { get; }

    public IReadOnlyList<TrafficSelector> RemoteTs { get; }

    public byte[] Nonce { get; }

    /// <summary>PFS group for this request, None without PFS; changed by INVALID_KE_PAYLOAD.</summary>
    public KeyExchangeMethod Group { get; set; }

    public static List<Transform> WithoutKe(IReadOnlyList<Transform> transforms) => [.. transforms.Where(t => t.Type != TransformType.KeyExchange)];

    /// <summary>SA, [Ni, [KEi]], TSi, TSr, plus N(USE_TRANSPORT_MODE) when configured.</summary>
    public List<IkePayload> Payloads(IkeSa sa)
    {
        var payloads = new List<IkePayload>();
        if (sa.Peer.Mode == ChildMode.Transport)
        {
            payloads.Add(new NotifyPayload { NotifyType = NotifyType.UseTransportMode });
        }

        payloads.Add(new SaPayload { Proposals = Proposals });
        if (!InIkeAuth)
        {
            payloads.Add(new NoncePayload { Data = Nonce });
            if (Group != KeyExchangeMethod.None)
            {
                _ke?.Dispose();
                _ke = IkeCrypto.CreateKeyExchange(Group);
                payloads.Add(new KePayload { Group = Group, Data = _ke.PublicValue.ToArray() });
            }
        }

        payloads.Add(new TsPayload(true) { Selectors = LocalTs });
        payloads.Add(new TsPayload(false) { Selectors = RemoteTs });
        return payloads;
    }

    /// <summary>Builds the CHILD SA from a successful response; null with a reason otherwise.</summary>
    public ChildSa? Complete(IkeSa sa, IkeMessage response, byte[] ni, byte[] nr, out string? failure)
    {
        failure = null;
        if (response.FirstError() is { } error)
        {
            failure = "CHILD SA refused: " + error.NotifyType;
            return null;
        }

        var saPayload = response.Get<SaPayload>();
        var tsi = response.Get(PayloadType.TrafficSelectorInitiator) as TsPayload;
        var tsr = response.Get(PayloadType.TrafficSelectorResponder) as TsPayload;
        if (saPayload is not { Proposals.Count: 1 } || tsi is null || tsr is null)
        {
            failure = "CHILD SA response incomplete";
            return null;
        }

        var chosen = saPayload.Proposals[0];
        if (chosen.Spi.Length != 4 || !ProposalSelector.IsAcceptableAnswer(Proposals, chosen))
        {
            failure = "CHILD SA response chose a proposal we did not offer";
            return null;
        }

        var algorithms = ProposalSelector.ToChildAlgorithms(chosen);
        byte[] shared = [];
        if (algorithms.KeyExchange != KeyExchangeMethod.None)
        {
            if (response.Get<KePayload>() is not { } ke || ke.Group != algorithms.KeyExchange || _ke is null || !_ke.TryComputeSharedSecret(ke.Data, out shared))
            {
                failure = "CHILD SA key exchange failed";
                return null;
            }
        }

        bool transport = sa.Peer.Mode == ChildMode.Transport;
        if (transport && sa.NatDetected)
        {
            // With a NAT between us, transport mode needs the address substitutions and checksum
            // fix-ups of RFC 7296 §2.23.1 / RFC 3948 §3.1.2, which the data path does not do: an SA
            // installed anyway would come up and then drop every packet. Say so instead.
            failure = "transport mode through NAT is not supported; use tunnel mode";
            return null;
        }

        if (transport && response.GetNotify(NotifyType.UseTransportMode) is null)
        {
            failure = "peer refused transport mode";
            return null;
        }

        // RFC 7296 §2.9: the responder may only narrow what we proposed, never widen it.
        if (!WithinOffer(tsi.Selectors, LocalTs) || !WithinOffer(tsr.Selectors, RemoteTs))
        {
            failure = "peer answered traffic selectors outside our proposal";
            return null;
        }

        var keys = sa.DeriveChildKeys(algorithms, shared, ni, nr, weInitiated: true);
        var now = sa.Context.Now;
        return new ChildSa
        {
            InboundSpi = Spi,
            OutboundSpi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi),
            Protocol = chosen.Protocol,
            Mode = transport ? ChildMode.Transport : ChildMode.Tunnel,
            Algorithms = algorithms,
            InboundEncryptionKey = keys.InEnc,
            InboundIntegrityKey = keys.InInteg,
            OutboundEncryptionKey = keys.OutEnc,
            OutboundIntegrityKey = keys.OutInteg,
            LocalTs = tsi.Selectors,
            RemoteTs = tsr.Selectors,
            CreatedAt = now,
            RekeyAt = now + sa.Peer.ChildLifetime - sa.Peer.RekeyMargin - sa.Jitter(),
            ExpireAt = now + sa.Peer.ChildLifetime,
            ExchangeNi = ni,
            ExchangeNr = nr,
        };
    }

    private static bool WithinOffer(IReadOnlyList<TrafficSelector> answered, IReadOnlyList<TrafficSelector> offered) =>
        answered.Count > 0 && answered.All(a => offered.Any(o => TrafficSelectorNarrowing.Intersect(a, o) == a));

    /// <summary>
    /// When the responder installed a CHILD SA that we then refuse (mode, selectors, keys), tell it to
    /// delete it: D(protocol, our would-be inbound SPI), which the peer knows as its outbound SPI.
    /// </summary>
    public void AbandonIfPeerInstalled(IkeSa sa, IkeMessage response)
    {
        if (response.FirstError() is null && response.Get<SaPayload>() is { Proposals: [{ Spi.Length: 4 } chosen] })
        {
            sa.Tasks.Queue(new DeleteTask(chosen.Protocol, Spi));
        }
    }

    public void Dispose() => _ke?.Dispose();

    public static void RaiseFailure(IkeSa sa, string reason) => sa.Context.Raise(new Failed(sa.Peer.Name, reason));
}
