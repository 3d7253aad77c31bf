using System.Collections.Frozen;

namespace Kyoten.Esp;

/// <summary>
/// Inbound SAD: SPI → <see cref="InboundSa"/>. Reads are lock-free on an immutable
/// <see cref="FrozenDictionary{TKey, TValue}"/> snapshot; writes rebuild it under a lock (SAs change
/// on rekey, packets arrive millions of times more often). Rekey make-before-break: <see cref="Add"/>
/// the new inbound SA, switch the outbound SA in the <see cref="SpdEntry"/>, <see cref="Remove"/> the
/// old inbound SA once in-flight packets have drained.
/// </summary>
public sealed class SaDatabase
{
    private readonly Lock _writeLock = new();
    private FrozenDictionary<uint, InboundSa> _bySpi = FrozenDictionary<uint, InboundSa>.Empty;
    private long _unknownSpi;

    /// <summary>Lookups that found no SA (count of <see cref="UnprotectResult.UnknownSpi"/> drops).</summary>
    public long UnknownSpiDrops => Volatile.Read(ref _unknownSpi);

    public int Count => Volatile.Read(ref _bySpi).Count;

    /// <summary>Adds an SA; throws when its SPI is already present (an IKE bug: SPIs are chosen unique).</summary>
    public void Add(InboundSa sa)
    {
        ArgumentNullException.ThrowIfNull(sa);
        lock (_writeLock)
        {
            if (_bySpi.ContainsKey(sa.Spi))
            {
                throw new InvalidOperationException($"bug: inbound SPI 0x{sa.Spi:x8} is already installed");
            }

            var next = new Dictionary<uint, InboundSa>(_bySpi) { [sa.Spi] = sa };
            Volatile.Write(ref _bySpi, next.ToFrozenDictionary());
        }
    }

    /// <summary>Removes and returns the SA for <paramref name="spi"/> (the caller disposes it).</summary>
    public InboundSa? Remove(uint spi)
    {
        lock (_writeLock)
        {
            if (!_bySpi.TryGetValue(spi, out InboundSa? sa))
            {
                return null;
            }

            var next = new Dictionary<uint, InboundSa>(_bySpi);
            next.Remove(spi);
            Volatile.Write(ref _bySpi, next.ToFrozenDictionary());
            return sa;
        }
    }

    /// <summary>Lock-free lookup; a miss is counted as an unknown-SPI drop.</summary>
    public bool TryGet(uint spi, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InboundSa? sa)
    {
        if (Volatile.Read(ref _bySpi).TryGetValue(spi, out sa))
        {
            return true;
        }

        Interlocked.Increment(ref _unknownSpi);
        return false;
    }
}
