using Kyoten.Ike.Events;
using Kyoten.Ike.Tasks;

namespace Kyoten.Ike.Sa;

internal sealed partial class IkeSa
{
    /// <summary>
    /// Removes the SA with all CHILD SAs still on it. <paramref name="reason"/> null means the
    /// caller already raised the event that explains it.
    /// </summary>
    public void Destroy(string? reason)
    {
        if (State == IkeSaState.Deleted)
        {
            return;
        }

        bool wasRekeyed = State == IkeSaState.Rekeyed;
        bool wasEstablished = EstablishedAt is not null && !wasRekeyed;
        State = IkeSaState.Deleted;
        Tasks.Clear();
        foreach (var child in Children.ToList())
        {
            RemoveChild(child, reason ?? "IKE SA deleted");
        }

        Context.Unregister(this);
        Context.HalfOpen.Remove(this);
        (Inbound as IDisposable)?.Dispose();
        (Outbound as IDisposable)?.Dispose();
        if (wasEstablished)
        {
            Context.Raise(new IkeSaDeleted(Peer.Name, InitiatorSpi, ResponderSpi, reason ?? "deleted"));
        }

        // Keep an initiator's tunnel up: a SA that died (rather than being closed on purpose) is started again.
        bool onPurpose = TerminatedLocally || wasRekeyed || reason is "deleted by peer" or "rekeyed" or "redundant after rekey collision" or IkeAuthTask.ReplacedReason;
        var delay = Context.Options.ReconnectDelay;
        if (Peer.Initiator && !onPurpose && delay > TimeSpan.Zero && Context.Peers.ContainsKey(Peer.Name) && !Context.Reconnects.ContainsKey(Peer.Name))
        {
            Context.Reconnects[Peer.Name] = Context.Now + delay;
        }
    }

    /// <summary>Runs what is due now: retransmission, half-open timeout, rekeys, expiry, DPD.</summary>
    public void OnTick(DateTimeOffset now)
    {
        Tasks.OnTick(now);
        if (State == IkeSaState.Deleted)
        {
            return;
        }

        if (State == IkeSaState.Rekeyed && RekeyedAt is { } replaced && now >= replaced + Context.Options.HalfOpenTimeout)
        {
            // RFC 7296 §2.18: the peer should have deleted the replaced IKE SA by now; forget it quietly.
            Destroy("rekeyed");
            return;
        }

        if (!IsEstablished)
        {
            if (!IsOriginalInitiator && State is IkeSaState.Connecting or IkeSaState.Authenticating && now >= CreatedAt + Context.Options.HalfOpenTimeout)
            {
                Destroy("half-open timeout");
            }

            return;
        }

        if (NatLocal && Context.Options.NatKeepaliveInterval > TimeSpan.Zero && now >= LastKeepalive + Context.Options.NatKeepaliveInterval)
        {
            // RFC 3948 §2.3: a one-octet 0xFF datagram keeps the NAT mapping in front of us alive.
            LastKeepalive = now;
            Context.Emit(new SendDatagram(Local, Remote, [0xFF]));
        }

        if (ExpireAt is { } expire && now >= expire)
        {
            Context.Raise(new Failed(Peer.Name, "IKE SA lifetime expired before rekey"));
            Tasks.Clear();
            Tasks.Queue(new DeleteTask(deleteIkeSa: true));
            ExpireAt = null;
            return;
        }

        if (RekeyAt is { } rekey && now >= rekey && !Tasks.Has<IkeRekeyTask>())
        {
            RekeyAt = null;
            Tasks.Queue(new IkeRekeyTask());
        }

        foreach (var child in Children)
        {
            if (child.State == ChildSaState.Installed && now >= child.RekeyAt)
            {
                child.RekeyAt = DateTimeOffset.MaxValue;
                Tasks.Queue(new ChildRekeyTask(child));
            }
            else if (child.State is not ChildSaState.Deleting && now >= child.ExpireAt && !child.DeleteQueued)
            {
                child.DeleteQueued = true;
                Tasks.Queue(new DeleteTask(child));
            }
        }

        if (Peer.DpdInterval > TimeSpan.Zero && Tasks.Active is null && now >= LastInbound + Peer.DpdInterval)
        {
            Tasks.Queue(new DpdTask());
        }
    }

    /// <summary>The earliest time <see cref="OnTick"/> has something to do.</summary>
    public DateTimeOffset? NextDeadline()
    {
        DateTimeOffset? next = Tasks.RetransmitAt;
        void Consider(DateTimeOffset? candidate)
        {
            if (candidate is { } c && (next is null || c < next))
            {
                next = c;
            }
        }

        if (State == IkeSaState.Deleted)
        {
            return null;
        }

        if (State == IkeSaState.Rekeyed && RekeyedAt is { } replaced)
        {
            Consider(replaced + Context.Options.HalfOpenTimeout);
        }

        if (!IsEstablished)
        {
            if (!IsOriginalInitiator)
            {
                Consider(CreatedAt + Context.Options.HalfOpenTimeout);
            }

            return next;
        }

        if (NatLocal && Context.Options.NatKeepaliveInterval > TimeSpan.Zero)
        {
            Consider(LastKeepalive + Context.Options.NatKeepaliveInterval);
        }

        Consider(ExpireAt);
        Consider(RekeyAt);
        foreach (var child in Children)
        {
            if (child.State == ChildSaState.Installed)
            {
                Consider(child.RekeyAt);
            }

            if (!child.DeleteQueued && child.State != ChildSaState.Deleting)
            {
                Consider(child.ExpireAt);
            }
        }

        if (Peer.DpdInterval > TimeSpan.Zero && Tasks.Active is null)
        {
            Consider(LastInbound + Peer.DpdInterval);
        }

        return next;
    }
}
