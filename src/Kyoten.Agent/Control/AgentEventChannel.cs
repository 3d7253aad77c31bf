using System.Threading.Channels;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Control;

/// <summary>
/// Events queued for the controller. Bounded: while the controller is away the oldest events
/// give way, since the periodic telemetry carries the current state anyway.
/// </summary>
internal sealed class AgentEventChannel : IAgentEvents
{
    public const int Capacity = 1024;

    private readonly Channel<TunnelEvent> _channel = Channel.CreateBounded<TunnelEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<TunnelEvent> Reader => _channel.Reader;

    public void Publish(TunnelEvent tunnelEvent)
    {
        ArgumentNullException.ThrowIfNull(tunnelEvent);
        _channel.Writer.TryWrite(tunnelEvent);
    }
}
