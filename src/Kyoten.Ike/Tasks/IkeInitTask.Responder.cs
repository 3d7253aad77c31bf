using System.Buffers.Binary;
using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

internal sealed partial class IkeInitTask
{
    /// <summary>
    /// IKE_SA_INIT, responder side. Errors before an SA exists are answered statelessly
    /// (SPIr = 0, RFC 7296 §2.6 / §1.3): N(NO_PROPOSAL_CHOSEN), N(INVALID_KE_PAYLOAD), N(INVALID_SYNTAX).
    /// Returns the new half-open SA, or null.
    /// </summary>
    public static IkeSa? Respond(EngineContext context, PeerConfig peer, IPEndPoint local, IPEndPoint remote, IkeMessage request, byte[] rawRequest)
    {
        var offered = request.Get<SaPayload>()!;
        var ke = request.Get<KePayload>()!;
        var ni = request.Get<NoncePayload>()!;
        var mine = ParsedPeerConfig.Of(peer).IkeProposals;
        var chosen = ProposalSelector.Select(mine, [.. offered.Proposals.Where(p => p.Spi.Length == 0)], forIke: true);
        if (chosen is null)
        {
            context.Raise(new Failed(peer.Name, "no IKE proposal chosen for " + remote));
            SendStateless(context, local, remote, request, NotifyType.NoProposalChosen, []);
            return null;
        }

        var algorithms = ProposalSelector.ToIkeAlgorithms(chosen);
        if (ke.Group != algorithms.KeyExchange)
        {
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)algorithms.KeyExchange);
            SendStateless(context, local, remote, request, NotifyType.InvalidKePayload, data);
            return null;
        }

        using var agreement = IkeCrypto.CreateKeyExchange(algorithms.KeyExchange);
        if (!agreement.TryComputeSharedSecret(ke.Data, out var shared))
        {
            // RFC 7296 §3.4 / RFC 6989: a public value of the wrong length or not in the group is rejected.
            SendStateless(context, local, remote, request, NotifyType.InvalidSyntax, []);
            return null;
        }

        var sa = new IkeSa(context, peer, originalInitiator: false, local, remote)
        {
            InitiatorSpi = request.InitiatorSpi,
            ResponderSpi = context.AllocateIkeSpi(),
            Ni = ni.Data,
            Nr = context.RandomBytes(32),
            Algorithms = algorithms,
            InitRequest = rawRequest,
            HalfOpenSource = remote,
            State = IkeSaState.Authenticating,
            PeerSupportsFragmentation = request.GetNotify(NotifyType.Ikev2FragmentationSupported) is not null,
            PeerSignatureHashes = PeerHashes(request),
        };
        sa.DeriveKeys(shared);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(shared);
        if (request.GetNotify(NotifyType.NatDetectionSourceIp) is { } source && request.GetNotify(NotifyType.NatDetectionDestinationIp) is { } destination)
        {
            sa.NatLocal = !destination.Data.AsSpan().SequenceEqual(NatTraversal.Hash(sa.InitiatorSpi, 0, local));
            sa.NatRemote = !source.Data.AsSpan().SequenceEqual(NatTraversal.Hash(sa.InitiatorSpi, 0, remote));
        }

        context.Register(sa);
        context.HalfOpen.Add(sa);
        List<IkePayload> payloads =
        [
            new SaPayload { Proposals = [chosen] },
            new KePayload { Group = algorithms.KeyExchange, Data = agreement.PublicValue.ToArray() },
            new NoncePayload { Data = sa.Nr },
            new NotifyPayload { NotifyType = NotifyType.NatDetectionSourceIp, Data = NatTraversal.Hash(sa.InitiatorSpi, sa.ResponderSpi, local) },
            new NotifyPayload { NotifyType = NotifyType.NatDetectionDestinationIp, Data = NatTraversal.Hash(sa.InitiatorSpi, sa.ResponderSpi, remote) },
            new NotifyPayload { NotifyType = NotifyType.Ikev2FragmentationSupported },
            SignatureHashes(),
        ];
        if (Authenticator.CertificateRequest(peer) is { } certReq)
        {
            payloads.Add(certReq);
        }

        var datagrams = sa.Send(sa.NewMessage(ExchangeType.IkeSaInit, 0, response: true, payloads));
        sa.Tasks.CacheResponse(0, datagrams);
        sa.Tasks.ExpectedRequestId = 1;
        return sa;
    }

    /// <summary>An answer that creates no state: HDR(SPIr = 0), N(type).</summary>
    public static void SendStateless(EngineContext context, IPEndPoint local, IPEndPoint remote, IkeMessage request, NotifyType type, byte[] data)
    {
        var response = new IkeMessage
        {
            InitiatorSpi = request.InitiatorSpi,
            ResponderSpi = 0,
            Exchange = ExchangeType.IkeSaInit,
            FromInitiator = false,
            IsResponse = true,
            MessageId = 0,
            Payloads = [new NotifyPayload { NotifyType = type, Data = data }],
        };
        context.Emit(new SendDatagram(local, remote, NatTraversal.AddMarker(IkeMessageCodec.Encode(response, null), local, context.Options)));
    }
}
