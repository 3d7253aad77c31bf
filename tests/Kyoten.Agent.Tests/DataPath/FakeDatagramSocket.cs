using System.Collections.Concurrent;
using Kyoten.Agent.DataPath;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>One endpoint on a <see cref="FakeNetwork"/>.</summary>
internal sealed class FakeDatagramSocket(FakeNetwork network, NetEndpoint local, byte protocol) : IDatagramSocket
{
    private readonly BlockingCollection<(byte[] Data, NetEndpoint From)> _queue = [];
    private readonly CancellationTokenSource _stop = new();

    public NetEndpoint LocalEndPoint { get; } = local;

    public byte Protocol { get; } = protocol;

    public long SendFailures => 0;

    public void Enqueue(byte[] datagram, NetEndpoint from) => _queue.Add((datagram, from));

    public bool Receive(DatagramBatch batch)
    {
        try
        {
            int count = 0;
            (byte[] Data, NetEndpoint From) item = _queue.Take(_stop.Token);
            do
            {
                item.Data.CopyTo(batch.Messages[count].Memory, DatagramBatch.Headroom);
                batch.SetMessage(count, item.Data.Length, item.From, 0);
                count++;
            }
            while (count < batch.MessageCapacity && _queue.TryTake(out item));

            batch.Complete(count);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Send(ReadOnlySpan<PacketBuffer> packets)
    {
        foreach (PacketBuffer packet in packets)
        {
            network.Deliver(this, packet.Data, packet.Peer);
        }
    }

    public void SendTo(ReadOnlySpan<byte> datagram, NetEndpoint peer) => network.Deliver(this, datagram, peer);

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Cancel();
}
