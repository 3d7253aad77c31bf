using System.Threading.Channels;
using Grpc.Core;

namespace Kyoten.Controller.Agents;

/// <summary>One connected agent's stream on this replica: a wake-up signal (bursts coalesce into one) and a kick switch.</summary>
internal sealed class AgentSession(Guid agentId, string fingerprint)
{
    private readonly CancellationTokenSource _kick = new();
    private long _sentRevision;

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

    public void Signal() => Wake.Writer.TryWrite(true);

    public void Kick(StatusCode code, string reason)
    {
        KickStatus = new Status(code, reason);
        _kick.Cancel();
    }
}
