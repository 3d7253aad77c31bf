namespace Kyoten.Esp;

/// <summary>
/// Outbound SPD (RFC 4301 §4.4.1). Entries are kept sorted most-specific first — smallest remote
/// (destination) range, then smallest local (source) range, then insertion order — so the first match of
/// a linear scan is the longest-prefix match on destination, then source; among equal address ranges a
/// selector with a protocol and narrower ports comes first (a "UDP 53 bypass" carve-out beats "all"). Lookups read an immutable
/// array snapshot (no lock, no allocation); changes copy the array (copy-on-write) under a lock.
/// Packets matching nothing get <see cref="DefaultAction"/> (Discard unless changed).
/// </summary>
public sealed class SecurityPolicyDatabase
{
    private readonly Lock _writeLock = new();
    private SpdEntry[] _entries = [];

    public SpdAction DefaultAction { get; set; } = SpdAction.Discard;

    /// <summary>Current entries in match order.</summary>
    public IReadOnlyList<SpdEntry> Entries => Volatile.Read(ref _entries);

    public void Add(SpdEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_writeLock)
        {
            SpdEntry[] next = [.. _entries, entry];
            // Stable sort: equal specificity keeps insertion order.
            SpdEntry[] sorted =
            [
                .. next.OrderBy(e => e.RemoteSelector.RangeSpan)
                    .ThenBy(e => e.LocalSelector.RangeSpan)
                    .ThenBy(e => Specificity(e.RemoteSelector) + Specificity(e.LocalSelector)),
            ];
            Volatile.Write(ref _entries, sorted);
        }
    }

    public bool Remove(SpdEntry entry)
    {
        lock (_writeLock)
        {
            int index = Array.IndexOf(_entries, entry);
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _entries, [.. _entries[..index], .. _entries[(index + 1)..]]);
            return true;
        }
    }

    /// <summary>The most specific entry matching an outbound IP packet, or null (unparseable or no match).</summary>
    public SpdEntry? Lookup(ReadOnlySpan<byte> ipPacket)
    {
        if (!IpPacket.TryParse(ipPacket, out IpPacket packet))
        {
            return null;
        }

        bool isIPv6 = packet.Version == 6;
        UInt128 source = TrafficSelector.ToInteger(packet.Source);
        UInt128 destination = TrafficSelector.ToInteger(packet.Destination);
        SpdEntry[] entries = Volatile.Read(ref _entries);
        foreach (SpdEntry entry in entries)
        {
            if (entry.RemoteSelector.Contains(destination, isIPv6)
                && entry.LocalSelector.Contains(source, isIPv6)
                && entry.RemoteSelector.MatchesProtocolAndPort(packet.Protocol, packet.HasPorts, packet.DestinationPort)
                && entry.LocalSelector.MatchesProtocolAndPort(packet.Protocol, packet.HasPorts, packet.SourcePort))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Lookup plus the default: the action to take and the entry that decided it (null = default or unparseable).</summary>
    public SpdAction Decide(ReadOnlySpan<byte> ipPacket, out SpdEntry? entry)
    {
        entry = Lookup(ipPacket);
        return entry?.Action ?? DefaultAction;
    }

    /// <summary>Smaller = more specific: protocol set, then narrower port range.</summary>
    private static long Specificity(TrafficSelector selector) =>
        (selector.Protocol == 0 ? 1L << 17 : 0) + (selector.EndPort - selector.StartPort);
}
