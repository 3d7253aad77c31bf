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
/// IKE_SA_INIT, initiator side (RFC 7296 §1.2, §2.6, §2.23):
/// <code>
/// HDR, [N(COOKIE),] SA, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), N(IKEV2_FRAGMENTATION_SUPPORTED) -->
///                                  &lt;-- HDR, SA, KEr, Nr, N(NAT_D...), N(IKEV2_FRAGMENTATION_SUPPORTED)
/// </code>
/// Handles N(COOKIE) and N(INVALID_KE_PAYLOAD) answers by retrying with message ID 0.
/// </summary>
internal sealed partial class IkeInitTask : IkeTask, IDisposable
{
    private const int MaxRetries = 3;
    private readonly List<Proposal> _proposals;
    private KeyExchangeMethod _group;
    private Crypto.IKeyExchange? _ke;
    private byte[]? _cookie;
    private int _retries;
    private NotifyType? _refusal;

    public IkeInitTask(IkeSa sa)
    {
        _proposals = [.. ParsedPeerConfig.Of(sa.Peer).IkeProposals];
        _group = (KeyExchangeMethod)_proposals[0].Find(TransformType.KeyExchange)!.Value.Id;
    }

    public override ExchangeType Exchange => ExchangeType.IkeSaInit;

    public override bool CanStart(IkeSa sa) => sa.State == IkeSaState.Connecting;

    public override string GiveUpReason => _refusal is { } refusal ? "IKE_SA_INIT refused: " + refusal : "peer did not answer IKE_SA_INIT";

    public override List<IkePayload>? BuildRequest(IkeSa sa)
    {
        if (sa.Ni.Length == 0)
        {
            sa.Ni = sa.Context.RandomBytes(32);
        }

        sa.ResponderSpi = 0;
        _ke?.Dispose();
        _ke = IkeCrypto.CreateKeyExchange(_group);
        var payloads = new List<IkePayload>();
        if (_cookie is not null)
        {
            // RFC 7296 §2.6: the COOKIE notify MUST be the first payload of the retried request.
            payloads.Add(new NotifyPayload { NotifyType = NotifyType.Cookie, Data = _cookie });
        }

        payloads.Add(new SaPayload { Proposals = _proposals });
        payloads.Add(new KePayload { Group = _group, Data = _ke.PublicValue.ToArray() });
        payloads.Add(new NoncePayload { Data = sa.Ni });
        payloads.Add(new NotifyPayload { NotifyType = NotifyType.NatDetectionSourceIp, Data = NatTraversal.Hash(sa.InitiatorSpi, 0, sa.Local) });
        payloads.Add(new NotifyPayload { NotifyType = NotifyType.NatDetectionDestinationIp, Data = NatTraversal.Hash(sa.InitiatorSpi, 0, sa.Remote) });
        payloads.Add(new NotifyPayload { NotifyType = NotifyType.Ikev2FragmentationSupported });
        payloads.Add(SignatureHashes());
        return payloads;
    }

    public override TaskOutcome ProcessResponse(IkeSa sa, IkeMessage response, byte[] rawResponse)
    {
        if (response.GetNotify(NotifyType.Cookie) is { } cookie && response.Get<SaPayload>() is null)
        {
            if (++_retries > MaxRetries || cookie.Data.Length is 0 or > 64)
            {
                return Fail(sa, "responder keeps asking for a cookie");
            }

            _cookie = cookie.Data;
            return TaskOutcome.Retry;
        }

        if (response.GetNotify(NotifyType.InvalidKePayload) is { } invalidKe)
        {
            if (invalidKe.Data.Length != 2 || ++_retries > MaxRetries)
            {
                return Fail(sa, "INVALID_KE_PAYLOAD without a usable group");
            }

            var wanted = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data);
            bool offered = _proposals.Exists(p => p.Transforms.Any(t => t.Type == TransformType.KeyExchange && t.Id == (ushort)wanted));
            if (!offered || wanted == _group || !IkeCrypto.IsSupported(wanted))
            {
                return Fail(sa, "responder wants key exchange " + wanted + " which we did not offer");
            }

            _group = wanted;
            return TaskOutcome.Retry;
        }

        if (response.FirstError() is { } error)
        {
            // RFC 7296 §2.21.1: an unauthenticated error may be forged; keep retrying until the
            // retransmissions run out and report the refusal then.
            _refusal = error.NotifyType;
            return TaskOutcome.KeepWaiting;
        }

        var saPayload = response.Get<SaPayload>();
        var ke = response.Get<KePayload>();
        var nonce = response.Get<NoncePayload>();
        if (saPayload is not { Proposals.Count: 1 } || ke is null || nonce is null || response.ResponderSpi == 0)
        {
            return Fail(sa, "IKE_SA_INIT response incomplete");
        }

        var chosen = saPayload.Proposals[0];
        if (chosen.Spi.Length != 0 || !ProposalSelector.IsAcceptableAnswer(_proposals, chosen))
        {
            return Fail(sa, "IKE_SA_INIT response chose a proposal we did not offer");
        }

        var algorithms = ProposalSelector.ToIkeAlgorithms(chosen);
        if (algorithms.KeyExchange != _group || ke.Group != _group || !_ke!.TryComputeSharedSecret(ke.Data, out var shared))
        {
            return Fail(sa, "IKE_SA_INIT key exchange failed");
        }

        sa.ResponderSpi = response.ResponderSpi;
        sa.Nr = nonce.Data;
        sa.Algorithms = algorithms;
        sa.InitResponse = rawResponse;
        sa.DeriveKeys(shared);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(shared);
        DetectNat(sa, response);
        sa.PeerSupportsFragmentation = response.GetNotify(NotifyType.Ikev2FragmentationSupported) is not null;
        sa.PeerSignatureHashes = PeerHashes(response);
        sa.PeerCertificateRequests = CertificateChooser.RequestedAuthorities(response.Payloads);
        sa.State = IkeSaState.Authenticating;
        sa.Tasks.Queue(new IkeAuthTask(), first: true);
        return TaskOutcome.Done;
    }

    /// <summary>RFC 7296 §2.23: compare the peer's hashes with ours; on a NAT, float to the NAT-T port.</summary>
    private static void DetectNat(IkeSa sa, IkeMessage response)
    {
        var source = response.GetNotify(NotifyType.NatDetectionSourceIp);
        var destination = response.GetNotify(NotifyType.NatDetectionDestinationIp);
        if (source is null || destination is null)
        {
            return;
        }

        sa.NatLocal = !destination.Data.AsSpan().SequenceEqual(NatTraversal.Hash(sa.InitiatorSpi, sa.ResponderSpi, sa.Local));
        sa.NatRemote = !source.Data.AsSpan().SequenceEqual(NatTraversal.Hash(sa.InitiatorSpi, sa.ResponderSpi, sa.Remote));
        if (sa.NatDetected)
        {
            int port = sa.Context.Options.NatTraversalPort;
            sa.Local = NatTraversal.WithPort(sa.Local, port);
            sa.Remote = NatTraversal.WithPort(sa.Remote, port);
        }
    }

    /// <summary>N(SIGNATURE_HASH_ALGORITHMS) with the hashes we verify (RFC 7427 §4).</summary>
    public static NotifyPayload SignatureHashes() => new()
    {
        NotifyType = NotifyType.SignatureHashAlgorithms,
        Data = Crypto.SignatureHashAlgorithmsNotify.Encode(Crypto.SignatureHashAlgorithmsNotify.Supported),
    };

    public static IReadOnlyList<Crypto.SignatureHashAlgorithm>? PeerHashes(IkeMessage message) =>
        message.GetNotify(NotifyType.SignatureHashAlgorithms) is { } notify && Crypto.SignatureHashAlgorithmsNotify.TryDecode(notify.Data, out var hashes) ? hashes : null;

    private static TaskOutcome Fail(IkeSa sa, string reason)
    {
        sa.Context.Raise(new Failed(sa.Peer.Name, reason));
        return TaskOutcome.DestroySa;
    }

    public void Dispose() => _ke?.Dispose();
}
