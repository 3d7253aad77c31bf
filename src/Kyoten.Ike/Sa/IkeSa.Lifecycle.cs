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

        bool wasEstablished = EstablishedAt is not null && State != IkeSaState.Rekeyed;
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
    }

    /// <summary>Runs what is due now: retransmission, half-open timeout, rekeys, expiry, DPD.</summary>
    public void OnTick(DateTimeOffset now)
    {
        Tasks.OnTick(now);
        if (State == IkeSaState.Deleted)
        {
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
            else if (child.State is ChildSaState.Installed or ChildSaState.Rekeying && now >= child.ExpireAt && !child.DeleteQueued)
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

        if (!IsEstablished)
        {
            if (!IsOriginalInitiator)
            {
                Consider(CreatedAt + Context.Options.HalfOpenTimeout);
            }

            return next;
        }

        Consider(ExpireAt);
        Consider(RekeyAt);
        foreach (var child in Children)
        {
            if (child.State == ChildSaState.Installed)
            {
                Consider(child.RekeyAt);
            }

            if (!child.DeleteQueued)
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
