using Kyoten.Ike.Config;
using System.Buffers.Binary;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;

namespace Kyoten.Ike.Tasks;

internal sealed partial class IkeRekeyTask
{
    /// <summary>CREATE_CHILD_SA responder for an IKE SA proposal (8-octet SPI).</summary>
    public static List<IkePayload> Respond(Sa.IkeSa sa, IkeMessage request)
    {
        // RFC 7296 §2.25.2: while one of our own CHILD exchanges is in flight, the IKE SA cannot move yet.
        if (sa.Tasks.Active is ChildRekeyTask or ChildCreateTask or DeleteTask)
        {
            return TaskManager.Notify(NotifyType.TemporaryFailure);
        }

        var offered = request.Get<SaPayload>()!;
        var ke = request.Get<KePayload>();
        var ni = request.Get<NoncePayload>()!.Data;
        var mine = ParsedPeerConfig.Of(sa.Peer).IkeProposals;
        var chosen = ProposalSelector.Select(mine, [.. offered.Proposals.Where(p => p.Protocol == ProtocolId.Ike && p.Spi.Length == 8)], forIke: true);
        if (chosen is null)
        {
            return TaskManager.Notify(NotifyType.NoProposalChosen);
        }

        var algorithms = ProposalSelector.ToIkeAlgorithms(chosen);
        if (ke is null || ke.Group != algorithms.KeyExchange)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)algorithms.KeyExchange);
            return TaskManager.Notify(NotifyType.InvalidKePayload, data);
        }

        using var agreement = IkeCrypto.CreateKeyExchange(algorithms.KeyExchange);
        if (!agreement.TryComputeSharedSecret(ke.Data, out var shared))
        {
            return TaskManager.Notify(NotifyType.InvalidSyntax);
        }

        ulong ourSpi = sa.Context.AllocateIkeSpi();
        var nr = sa.Context.RandomBytes(32);
        var fresh = NewSa(sa, originalInitiator: false, BinaryPrimitives.ReadUInt64BigEndian(chosen.Spi), ourSpi, ni, nr, algorithms, shared);
        if (sa.Tasks.Active is IkeRekeyTask ours)
        {
            // Collision (RFC 7296 §2.8.2): our own rekey decides when its answer arrives.
            ours.PeerReplacement = fresh;
        }
        else
        {
            Promote(sa, fresh);
        }

        var spi = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(spi, ourSpi);
        return
        [
            new SaPayload { Proposals = [new Proposal { Number = chosen.Number, Protocol = ProtocolId.Ike, Spi = spi, Transforms = chosen.Transforms }] },
            new NoncePayload { Data = nr },
            new KePayload { Group = algorithms.KeyExchange, Data = agreement.PublicValue.ToArray() },
        ];
    }
}
