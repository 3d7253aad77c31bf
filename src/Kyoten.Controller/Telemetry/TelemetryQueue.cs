using System.Threading.Channels;

namespace Kyoten.Controller.Telemetry;

/// <summary>Bounded: when PostgreSQL falls behind, the agent streams wait instead of memory growing.</summary>
internal sealed class TelemetryQueue
{
    private readonly Channel<IngestItem> _channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(50_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<IngestItem> Reader => _channel.Reader;

    public ValueTask EnqueueAsync(IngestItem item, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(item, cancellationToken);
}
