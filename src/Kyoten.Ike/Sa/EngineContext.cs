using System.Buffers.Binary;
using System.Security.Cryptography;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;

namespace Kyoten.Ike.Sa;

/// <summary>What SAs and tasks may use of the engine: options, time, randomness, output queues, SA registry.</summary>
internal sealed class EngineContext(IkeEngineOptions options, TimeProvider time, RandomNumberGenerator random)
{
    private readonly Dictionary<ulong, IkeSa> _sas = [];

    public IkeEngineOptions Options { get; } = options;

    /// <summary>Initiator peers whose IKE SA died, and when to start a new one.</summary>
    public Dictionary<string, DateTimeOffset> Reconnects { get; } = [];

    /// <summary>Configured peers by name, in the order they were added.</summary>
    public Dictionary<string, PeerConfig> Peers { get; } = [];

    public TimeProvider Time { get; } = time;

    public Queue<IkeAction> Actions { get; } = new();

    public Queue<IkeEvent> Events { get; } = new();

    public EngineCounters Counters { get; } = new();

    public HalfOpenTable HalfOpen { get; } = new();

    public IReadOnlyDictionary<ulong, IkeSa> Sas => _sas;

    public DateTimeOffset Now => Time.GetUtcNow();

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.GetBytes(bytes);
        return bytes;
    }

    /// <summary>A fresh non-zero IKE SPI not used by any of our SAs.</summary>
    public ulong AllocateIkeSpi()
    {
        Span<byte> buffer = stackalloc byte[8];
        while (true)
        {
            random.GetBytes(buffer);
            ulong spi = BinaryPrimitives.ReadUInt64BigEndian(buffer);
            if (spi != 0 && !_sas.ContainsKey(spi))
            {
                return spi;
            }
        }
    }

    /// <summary>A CHILD SA SPI; RFC 4303 §2.1 reserves 0-255.</summary>
    public uint AllocateChildSpi()
    {
        Span<byte> buffer = stackalloc byte[4];
        while (true)
        {
            random.GetBytes(buffer);
            uint spi = BinaryPrimitives.ReadUInt32BigEndian(buffer);
            if (spi > 255 && !ChildSpiInUse(spi))
            {
                return spi;
            }
        }
    }

    private bool ChildSpiInUse(uint spi)
    {
        foreach (var sa in _sas.Values)
        {
            foreach (var child in sa.Children)
            {
                if (child.InboundSpi == spi)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public void Register(IkeSa sa) => _sas[sa.LocalSpi] = sa;

    public void Unregister(IkeSa sa) => _sas.Remove(sa.LocalSpi);

    public void Emit(IkeAction action) => Actions.Enqueue(action);

    public void Raise(IkeEvent ikeEvent) => Events.Enqueue(ikeEvent);
}
