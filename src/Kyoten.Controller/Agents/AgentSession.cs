using System.Threading.Channels;
using Grpc.Core;
using Kyoten.Controller.Compilation;

namespace Kyoten.Controller.Agents;

/// <summary>One connected agent's stream on this replica: a wake-up signal (bursts coalesce into one) and a kick switch.</summary>
internal sealed class AgentSession(Guid agentId, string fingerprint)
{
    private readonly CancellationTokenSource _kick = new();
    private long _sentRevision;
    private CompiledConfig? _target;
    private byte[]? _renewal;

    public Guid AgentId { get; } = agentId;

    public string Fingerprint { get; } = fingerprint;

    /// <summary>Capacity one, extra writes dropped: ten changes in a row wake the stream once.</summary>
    public Channel<bool> Wake { get; } = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public long SentRevision
    {
        get => Interlocked.Read(ref _sentRevision);
        set => Interlocked.Exchange(ref _sentRevision, value);
    }

    public CancellationToken Kicked => _kick.Token;

    public Status KickStatus { get; private set; }

    /// <summary>The newest config checked against the database, for the stream loop to send if it is ahead of <see cref="SentRevision"/>.</summary>
    public CompiledConfig? Target => Volatile.Read(ref _target);

    /// <summary>A renewed certificate waiting to be written on the stream.</summary>
    public byte[]? PendingRenewal => Volatile.Read(ref _renewal);

    public void Signal() => Wake.Writer.TryWrite(true);

    public void Push(CompiledConfig config)
    {
        // Refreshes may race; never step back to an older revision.
        var current = Volatile.Read(ref _target);
        while ((current is null || current.Revision < config.Revision) && Interlocked.CompareExchange(ref _target, config, current) != current)
        {
            current = Volatile.Read(ref _target);
        }

        Signal();
    }

    public void PushRenewal(byte[] certificate)
    {
        Volatile.Write(ref _renewal, certificate);
        Signal();
    }

    public byte[]? TakeRenewal() => Interlocked.Exchange(ref _renewal, null);

    public void Kick(StatusCode code, string reason)
    {
        KickStatus = new Status(code, reason);
        _kick.Cancel();
    }
}
