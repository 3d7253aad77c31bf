using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Owns the message IDs of one IKE SA (RFC 7296 §2.2), runs queued tasks one at a time (window
/// size 1), retransmits requests with exponential back-off and gives up (§2.1), and keeps the last
/// response for retransmitted requests (§2.1: "the responder MUST remember each response until it
/// receives a request whose sequence number is larger").
/// </summary>
internal sealed class TaskManager(IkeSa sa)
{
    private readonly LinkedList<IkeTask> _queue = new();
    private List<byte[]>? _sentRequest;
    private int _retransmits;
    private DateTimeOffset? _retransmitAt;

    public IkeTask? Active { get; private set; }

    public uint NextMessageId { get; set; }

    public uint ExpectedRequestId { get; set; }

    public List<byte[]>? CachedResponse { get; private set; }

    public uint CachedResponseId { get; private set; }

    public DateTimeOffset? RetransmitAt => _retransmitAt;

    public bool Has<T>()
        where T : IkeTask
    {
        if (Active is T)
        {
            return true;
        }

        foreach (var task in _queue)
        {
            if (task is T)
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerable<IkeTask> All()
    {
        if (Active is not null)
        {
            yield return Active;
        }

        foreach (var task in _queue)
        {
            yield return task;
        }
    }

    public void Queue(IkeTask task, bool first = false)
    {
        if (first)
        {
            _queue.AddFirst(task);
        }
        else
        {
            _queue.AddLast(task);
        }

        StartNext();
    }

    public void StartNext()
    {
        while (Active is null && _queue.First is { } node && sa.State != IkeSaState.Deleted && node.Value.CanStart(sa))
        {
            _queue.RemoveFirst();
            var task = node.Value;
            task.MessageId = NextMessageId++;
            Active = task;
            if (!SendRequest())
            {
                Active = null;
            }
        }
    }

    private bool SendRequest()
    {
        var payloads = Active!.BuildRequest(sa);
        if (payloads is null)
        {
            return false;
        }

        var message = sa.NewMessage(Active.Exchange, Active.MessageId, response: false, payloads);
        _sentRequest = sa.Send(message);
        sa.Context.Counters.RequestsSent++;
        _retransmits = 0;
        _retransmitAt = sa.Context.Now + sa.Context.Options.RetransmitTimeout;
        return true;
    }

    public void OnResponse(IkeMessage response, byte[] raw)
    {
        var task = Active!;
        sa.Context.Counters.ResponsesReceived++;
        var outcome = task.ProcessResponse(sa, response, raw);
        switch (outcome)
        {
            case TaskOutcome.Retry:
                // RFC 7296 §2.6/§1.2: a retried IKE_SA_INIT keeps message ID 0; any other retry is a new exchange.
                if (task.Exchange != ExchangeType.IkeSaInit)
                {
                    task.MessageId = NextMessageId++;
                }

                SendRequest();
                return;
            case TaskOutcome.KeepWaiting:
                return;
            case TaskOutcome.DestroySa:
                Finish();
                sa.Destroy(null);
                return;
            default:
                Finish();
                StartNext();
                return;
        }
    }

    private void Finish()
    {
        Active = null;
        _sentRequest = null;
        _retransmitAt = null;
    }

    public void CacheResponse(uint messageId, List<byte[]> datagrams)
    {
        CachedResponseId = messageId;
        CachedResponse = datagrams;
    }

    /// <summary>RFC 7296 §2.1 retransmission; true when the SA gave up and is gone.</summary>
    public void OnTick(DateTimeOffset now)
    {
        if (_retransmitAt is not { } due || now < due || _sentRequest is null)
        {
            return;
        }

        var options = sa.Context.Options;
        if (_retransmits >= options.RetransmitTries)
        {
            var reason = Active?.GiveUpReason ?? "peer not answering";
            sa.Context.Counters.ExchangesGivenUp++;
            Finish();
            sa.Context.Raise(new Events.Failed(sa.Peer.Name, reason));
            sa.Destroy(reason);
            return;
        }

        _retransmits++;
        sa.Context.Counters.Retransmissions++;
        sa.Resend(_sentRequest);
        _retransmitAt = now + (options.RetransmitTimeout * Math.Pow(options.RetransmitBase, _retransmits));
    }

    /// <summary>Drops every task, for example when the IKE SA is destroyed.</summary>
    public void Clear()
    {
        _queue.Clear();
        Finish();
    }

    /// <summary>Hands queued tasks (not the active one) to the IKE SA that replaces this one (RFC 7296 §2.18).</summary>
    public List<IkeTask> TakeQueued()
    {
        var list = new List<IkeTask>(_queue);
        _queue.Clear();
        return list;
    }

    public static List<IkePayload> Notify(NotifyType type, byte[]? data = null) =>
        [new NotifyPayload { NotifyType = type, Data = data ?? [] }];
}
