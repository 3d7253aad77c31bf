using System.Collections.Concurrent;
using Kyoten.Agent.DataPath;
using Kyoten.Agent.DataPath.Tun;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>An in-memory TUN: tests inject packets the "kernel" sends and collect what the engine writes.</summary>
internal sealed class FakeTun : ITunDevice
{
    private readonly BlockingCollection<byte[]> _fromKernel = [];
    private readonly CancellationTokenSource _stop = new();

    public string Name => "fake0";

    /// <summary>Packets the engine wrote (delivered to the "kernel").</summary>
    public BlockingCollection<byte[]> Written { get; } = [];

    public void Inject(byte[] packet) => _fromKernel.Add(packet);

    public bool ReadBatch(PacketBatch batch, int headroom)
    {
        batch.Clear();
        try
        {
            byte[] first = _fromKernel.Take(_stop.Token);
            Add(batch, headroom, first);
            while (!batch.IsFull && _fromKernel.TryTake(out byte[]? next))
            {
                Add(batch, headroom, next);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Write(Span<byte> buffer, int offset, int length)
    {
        buffer.Slice(offset - 10, 10).Clear(); // the real device may use this room: so must the fake
        Written.Add(buffer.Slice(offset, length).ToArray());
    }

    public void WriteBatch(TunWriteBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            Write(batch.Memory(i), batch.Offset(i), batch.Length(i));
        }
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Cancel();

    private static void Add(PacketBatch batch, int headroom, byte[] packet)
    {
        PacketBuffer buffer = batch.TryAdd()!;
        packet.CopyTo(buffer.Memory, headroom);
        buffer.Set(headroom, packet.Length);
    }
}
