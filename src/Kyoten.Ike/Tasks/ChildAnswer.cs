using Kyoten.Ike.Config;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// The responder's half of creating one CHILD SA: choose a proposal by our ranking, check the PFS
/// group, narrow selectors, derive keys. Errors come back as the notify to answer with.
/// </summary>
internal static class ChildAnswer
{
    /// <param name="ni">The initiator's nonce of this exchange (IKE nonce for IKE_AUTH).</param>
    /// <param name="nr">Our nonce of this exchange.</param>
    /// <param name="payloads">Response payloads on success; on failure a single error notify.</param>
    public static ChildSa? Answer(IkeSa sa, IkeMessage request, byte[] ni, byte[] nr, bool inIkeAuth, out List<IkePayload> payloads, IReadOnlyList<TrafficSelector>? oldLocal = null)
    {
        var peer = sa.Peer;
        var offered = request.Get<SaPayload>();
        var tsi = request.Get(PayloadType.TrafficSelectorInitiator) as TsPayload;
        var tsr = request.Get(PayloadType.TrafficSelectorResponder) as TsPayload;
        if (offered is null || tsi is null || tsr is null)
        {
            payloads = TaskManager.Notify(NotifyType.InvalidSyntax);
            return null;
        }

        IReadOnlyList<Proposal> mine = ParsedPeerConfig.Of(peer).ChildProposals;
        IReadOnlyList<Proposal> theirs = offered.Proposals;
        if (inIkeAuth)
        {
            // RFC 7296 §1.2: key exchange transforms in IKE_AUTH are ignored; the first CHILD SA uses the IKE SA's keys.
            mine = [.. mine.Select(p => new Proposal { Number = p.Number, Protocol = p.Protocol, Transforms = ChildOffer.WithoutKe(p.Transforms) })];
            theirs = [.. theirs.Select(p => new Proposal { Number = p.Number, Protocol = p.Protocol, Spi = p.Spi, Transforms = ChildOffer.WithoutKe(p.Transforms) })];
        }

        var chosen = ProposalSelector.Select(mine, [.. theirs.Where(p => p.Spi.Length == 4)], forIke: false);
        if (chosen is null)
        {
            payloads = TaskManager.Notify(NotifyType.NoProposalChosen);
            return null;
        }

        var algorithms = ProposalSelector.ToChildAlgorithms(chosen);
        byte[] shared = [];
        KePayload? ourKe = null;
        if (algorithms.KeyExchange != KeyExchangeMethod.None)
        {
            var ke = request.Get<KePayload>();
            if (ke is null || ke.Group != algorithms.KeyExchange)
            {
                // RFC 7296 §1.3: answer with the group we want so the initiator can retry.
                var data = new byte[2];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)algorithms.KeyExchange);
                payloads = TaskManager.Notify(NotifyType.InvalidKePayload, data);
                return null;
            }

            using var agreement = IkeCrypto.CreateKeyExchange(algorithms.KeyExchange);
            if (!agreement.TryComputeSharedSecret(ke.Data, out shared))
            {
                payloads = TaskManager.Notify(NotifyType.InvalidSyntax);
                return null;
            }

            ourKe = new KePayload { Group = algorithms.KeyExchange, Data = agreement.PublicValue.ToArray() };
        }

        var remoteTs = TrafficSelectorNarrowing.Narrow(tsi.Selectors, ParsedPeerConfig.Of(peer).RemoteSelectors);
        var localTs = TrafficSelectorNarrowing.Narrow(tsr.Selectors, oldLocal ?? ParsedPeerConfig.Of(peer).LocalSelectors);
        if (remoteTs.Count == 0 || localTs.Count == 0)
        {
            payloads = TaskManager.Notify(NotifyType.TsUnacceptable);
            return null;
        }

        // Transport mode only when both want it (RFC 7296 §1.3.1) and no NAT is in between (see
        // ChildOffer: no §2.23.1 fix-ups here); otherwise the answer is tunnel mode, which the
        // initiator takes or deletes.
        bool transport = peer.Mode == ChildMode.Transport && request.GetNotify(NotifyType.UseTransportMode) is not null && !sa.NatDetected;
        uint spi = sa.Context.AllocateChildSpi();
        var spiBytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(spiBytes, spi);
        var keys = sa.DeriveChildKeys(algorithms, shared, ni, nr, weInitiated: false);
        var now = sa.Context.Now;
        var child = new ChildSa
        {
            InboundSpi = spi,
            OutboundSpi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi),
            Protocol = chosen.Protocol,
            Mode = transport ? ChildMode.Transport : ChildMode.Tunnel,
            Algorithms = algorithms,
            InboundEncryptionKey = keys.InEnc,
            InboundIntegrityKey = keys.InInteg,
            OutboundEncryptionKey = keys.OutEnc,
            OutboundIntegrityKey = keys.OutInteg,
            LocalTs = localTs,
            RemoteTs = remoteTs,
            CreatedAt = now,
            RekeyAt = now + peer.ChildLifetime - peer.RekeyMargin - sa.Jitter(),
            ExpireAt = now + peer.ChildLifetime,
            ExchangeNi = ni,
            ExchangeNr = nr,
        };

        payloads = [];
        if (transport)
        {
            payloads.Add(new NotifyPayload { NotifyType = NotifyType.UseTransportMode });
        }

        payloads.Add(new SaPayload { Proposals = [new Proposal { Number = chosen.Number, Protocol = chosen.Protocol, Spi = spiBytes, Transforms = chosen.Transforms }] });
        if (!inIkeAuth)
        {
            payloads.Add(new NoncePayload { Data = nr });
            if (ourKe is not null)
            {
                payloads.Add(ourKe);
            }
        }

        payloads.Add(new TsPayload(true) { Selectors = remoteTs });
        payloads.Add(new TsPayload(false) { Selectors = localTs });
        return child;
    }
}
