using System.Net;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;
using Kyoten.Ike.Tasks;

namespace Kyoten.Ike;

public sealed partial class IkeEngine
{
    /// <summary>
    /// Feeds one received UDP payload (as received; on the NAT-T port including the non-ESP marker).
    /// Never throws for any input; bad datagrams are dropped and counted in <see cref="Counters"/>.
    /// </summary>
    public void OnDatagram(IPEndPoint local, IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        Receive(local, remote, datagram);
        UpdateTimer();
    }

    private void Receive(IPEndPoint local, IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        if (NatTraversal.UsesMarker(local, _context.Options))
        {
            if (datagram.Length == 1 && datagram[0] == 0xFF)
            {
                // RFC 3948 §2.3 NAT keepalive: nothing to do.
                return;
            }

            // RFC 3948 §2.2: IKE on the NAT-T port starts with four zero octets; anything else is ESP.
            if (datagram.Length < NatTraversal.MarkerLength || datagram[..NatTraversal.MarkerLength].IndexOfAnyExcept((byte)0) >= 0)
            {
                _context.Counters.Malformed++;
                return;
            }

            datagram = datagram[NatTraversal.MarkerLength..];
        }

        if (!IkeHeader.TryRead(datagram, out var header, out _))
        {
            _context.Counters.Malformed++;
            return;
        }

        if (header.Exchange == ExchangeType.IkeSaInit && !header.IsResponse)
        {
            OnInitRequest(local, remote, header, datagram);
            return;
        }

        ulong ours = header.FromInitiator ? header.ResponderSpi : header.InitiatorSpi;
        ulong theirs = header.FromInitiator ? header.InitiatorSpi : header.ResponderSpi;
        if (!_context.Sas.TryGetValue(ours, out var sa))
        {
            _context.Counters.UnknownSpi++;
            return;
        }

        ulong expected = sa.IsOriginalInitiator ? sa.ResponderSpi : sa.InitiatorSpi;
        if (expected != 0 && theirs != expected)
        {
            _context.Counters.UnknownSpi++;
            return;
        }

        sa.OnDatagram(local, remote, header, datagram);
    }

    /// <summary>
    /// An unsolicited IKE_SA_INIT: answer a retransmission from cache, demand a cookie under load
    /// (RFC 7296 §2.6), otherwise let <see cref="IkeInitTask.Respond"/> create the half-open SA.
    /// </summary>
    private void OnInitRequest(IPEndPoint local, IPEndPoint remote, in IkeHeader header, ReadOnlySpan<byte> datagram)
    {
        if (header.ResponderSpi != 0 || header.MessageId != 0 || !header.FromInitiator || header.InitiatorSpi == 0)
        {
            _context.Counters.Malformed++;
            return;
        }

        if (_context.HalfOpen.Find(remote, header.InitiatorSpi) is { } existing)
        {
            if (existing.Tasks.CachedResponse is { } cached && datagram.SequenceEqual(existing.InitRequest))
            {
                _context.Counters.RetransmittedResponses++;
                existing.Resend(cached);
            }

            return;
        }

        if (!IkeMessageCodec.TryDecode(datagram, header, null, out var request, out _, out _) || ExchangeRules.Check(request!) != PayloadError.None)
        {
            _context.Counters.Malformed++;
            return;
        }

        var peer = PeerMatcher.Find(_context.Peers.Values, local, remote);
        if (peer is null)
        {
            _context.Counters.NoPeerConfig++;
            return;
        }

        var options = _context.Options;
        var halfOpen = _context.HalfOpen;
        if (halfOpen.Count >= options.MaxHalfOpen)
        {
            _context.Counters.HalfOpenDropped++;
            return;
        }

        if (halfOpen.Count >= options.CookieThreshold || halfOpen.CountFrom(remote.Address) >= options.CookieThresholdPerSource)
        {
            var ni = request!.Get<NoncePayload>()!.Data;
            bool valid = request.Payloads[0] is NotifyPayload { NotifyType: NotifyType.Cookie } cookie
                && _cookies.Verify(cookie.Data, ni, remote.Address, header.InitiatorSpi, _context.Now);
            if (!valid)
            {
                if (request.Payloads[0] is NotifyPayload { NotifyType: NotifyType.Cookie })
                {
                    _context.Counters.CookiesInvalid++;
                }

                _context.Counters.CookiesSent++;
                IkeInitTask.SendStateless(_context, local, remote, request, NotifyType.Cookie, _cookies.Compute(ni, remote.Address, header.InitiatorSpi, _context.Now));
                return;
            }
        }

        _context.Counters.RequestsReceived++;
        IkeInitTask.Respond(_context, peer, local, remote, request!, datagram.ToArray());
    }
}
