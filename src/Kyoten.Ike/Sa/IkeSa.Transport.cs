using System.Net;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Tasks;

namespace Kyoten.Ike.Sa;

internal sealed partial class IkeSa
{
    /// <summary>Set by a responder handler when the SA must go once its response is out (e.g. AUTHENTICATION_FAILED).</summary>
    public string? DestroyAfterResponse { get; set; }

    public IkeMessage NewMessage(ExchangeType exchange, uint messageId, bool response, List<IkePayload> payloads) => new()
    {
        InitiatorSpi = InitiatorSpi,
        ResponderSpi = ResponderSpi,
        Exchange = exchange,
        FromInitiator = IsOriginalInitiator,
        IsResponse = response,
        MessageId = messageId,
        Payloads = payloads,
    };

    /// <summary>Encodes (encrypting after IKE_SA_INIT, fragmenting when large and agreed) and sends.</summary>
    public List<byte[]> Send(IkeMessage message)
    {
        List<byte[]> datagrams;
        if (message.Exchange == ExchangeType.IkeSaInit || Outbound is null)
        {
            datagrams = [IkeMessageCodec.Encode(message, null)];
            if (message.Exchange == ExchangeType.IkeSaInit)
            {
                // RFC 7296 §2.15: AUTH signs the IKE_SA_INIT messages exactly as sent.
                if (message.IsResponse)
                {
                    InitResponse = datagrams[0];
                }
                else
                {
                    InitRequest = datagrams[0];
                }
            }
        }
        else if (PeerSupportsFragmentation)
        {
            datagrams = IkeMessageCodec.EncodeFragmented(message, Outbound, Context.Options.FragmentSize);
        }
        else
        {
            datagrams = [IkeMessageCodec.Encode(message, Outbound)];
        }

        Resend(datagrams);
        return datagrams;
    }

    public void Resend(List<byte[]> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            Context.Emit(new SendDatagram(Local, Remote, NatTraversal.AddMarker(datagram, Local, Context.Options)));
        }
    }

    /// <summary>Entry for every datagram addressed to this SA (after the non-ESP marker was stripped).</summary>
    public void OnDatagram(IPEndPoint local, IPEndPoint remote, in IkeHeader header, ReadOnlySpan<byte> message)
    {
        // RFC 7296 §2.2: the I flag tells who sent it; a message "from ourselves" is a reflection.
        if (header.FromInitiator == IsOriginalInitiator || State == IkeSaState.Deleted)
        {
            Context.Counters.Malformed++;
            return;
        }

        if (header.IsResponse)
        {
            OnResponseDatagram(header, message);
        }
        else
        {
            OnRequestDatagram(local, remote, header, message);
        }
    }

    private void OnRequestDatagram(IPEndPoint local, IPEndPoint remote, in IkeHeader header, ReadOnlySpan<byte> bytes)
    {
        uint id = header.MessageId;
        if (Tasks.CachedResponse is { } cached && id == Tasks.CachedResponseId)
        {
            // A retransmitted request: answer from the cache once it proves authentic (RFC 7383 §2.6.1: only fragment 1 triggers it).
            if (!IkeMessageCodec.TryDecode(bytes, header, Inbound, out var again, out var piece, out var retransmitError))
            {
                Count(retransmitError);
            }
            else if (again is not null || piece!.Fragment.FragmentNumber == 1)
            {
                Context.Counters.RetransmittedResponses++;
                Resend(cached);
            }

            return;
        }

        if (id != Tasks.ExpectedRequestId)
        {
            Context.Counters.OutOfWindow++;
            return;
        }

        if (!TryDecode(header, bytes, out var request, out var error, out bool authenticated))
        {
            // Only a message that passed the integrity check is answered: anything else may come
            // from anyone who saw our SPIs, and answering would burn the peer's message ID.
            if (!authenticated || error is PayloadError.None or PayloadError.IntegrityCheckFailed)
            {
                return;
            }

            // Authenticated but malformed: RFC 7296 §2.21.2 asks for INVALID_SYNTAX (UNSUPPORTED_CRITICAL_PAYLOAD for §2.5).
            var type = error == PayloadError.UnsupportedCritical ? NotifyType.UnsupportedCriticalPayload : NotifyType.InvalidSyntax;
            Respond(header.Exchange, id, TaskManager.Notify(type));
            return;
        }

        LastInbound = Context.Now;
        Context.Counters.RequestsReceived++;
        Local = local;
        Remote = remote;
        var response = ResponderDispatch.Handle(this, request!);
        Respond(request!.Exchange, id, response);
        if (DestroyAfterResponse is { } reason)
        {
            Destroy(reason);
        }
    }

    private void Respond(ExchangeType exchange, uint id, List<IkePayload> payloads)
    {
        var datagrams = Send(NewMessage(exchange, id, response: true, payloads));
        Tasks.CacheResponse(id, datagrams);
        Tasks.ExpectedRequestId = id + 1;
    }

    private void OnResponseDatagram(in IkeHeader header, ReadOnlySpan<byte> bytes)
    {
        if (Tasks.Active is not { } active || header.MessageId != active.MessageId || header.Exchange != active.Exchange)
        {
            Context.Counters.OutOfWindow++;
            return;
        }

        if (!TryDecode(header, bytes, out var response, out _, out _))
        {
            return;
        }

        LastInbound = Context.Now;
        Tasks.OnResponse(response!, header.Exchange == ExchangeType.IkeSaInit ? bytes.ToArray() : []);
    }

    /// <summary>Decrypts, reassembles and checks against the exchange table; false with None while fragments are missing.</summary>
    private bool TryDecode(in IkeHeader header, ReadOnlySpan<byte> bytes, out IkeMessage? message, out PayloadError error, out bool authenticated)
    {
        message = null;
        var protector = header.Exchange == ExchangeType.IkeSaInit ? null : Inbound;
        if (!IkeMessageCodec.TryDecode(bytes, header, protector, out message, out var piece, out error, out authenticated))
        {
            Count(error);
            return false;
        }

        if (piece is not null)
        {
            var reassembler = header.IsResponse ? ResponseReassembler : RequestReassembler;
            if (!reassembler.TryAdd(piece, out var whole, out var innerFirst, out var plain))
            {
                error = PayloadError.None;
                return false;
            }

            if (!IkeMessageCodec.TryDecodeReassembled(whole, innerFirst, plain, out message, out error))
            {
                Count(error);
                return false;
            }
        }

        error = ExchangeRules.Check(message!);
        if (error != PayloadError.None)
        {
            Count(error);
            message = null;
            return false;
        }

        return true;
    }

    private void Count(PayloadError error)
    {
        if (error == PayloadError.IntegrityCheckFailed)
        {
            Context.Counters.IntegrityFailures++;
        }
        else
        {
            Context.Counters.Malformed++;
        }
    }
}
