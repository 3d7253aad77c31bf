namespace Kyoten.Agent.DataPath.Tun;

/// <summary>The layer-3 device the data path reads clear packets from and writes them to.</summary>
internal interface ITunDevice : IDisposable
{
    string Name { get; }

    /// <summary>
    /// Blocks until at least one IP packet is available and fills <paramref name="batch"/> with as
    /// many as are ready, each at <paramref name="headroom"/>. Returns false once stopped.
    /// </summary>
    bool ReadBatch(PacketBatch batch, int headroom);

    /// <summary>
    /// Writes one IP packet at buffer[offset, offset+length). The bytes before
    /// <paramref name="offset"/> may be overwritten (room for a device header).
    /// </summary>
    void Write(Span<byte> buffer, int offset, int length);

    /// <summary>
    /// Writes every packet of <paramref name="batch"/> (which must live in pinned arrays); a device
    /// with offloads merges runs of one TCP flow into super-packets.
    /// </summary>
    void WriteBatch(TunWriteBatch batch);

    /// <summary>Wakes a blocked <see cref="ReadBatch"/>, which then returns false.</summary>
    void Stop();
}
