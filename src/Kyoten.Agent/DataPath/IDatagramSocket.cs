namespace Kyoten.Agent.DataPath;

/// <summary>A batched datagram socket: UDP (ESP-in-UDP and IKE) or raw IP (ESP/AH).</summary>
internal interface IDatagramSocket : IDisposable
{
    NetEndpoint LocalEndPoint { get; }

    /// <summary>Datagrams the kernel refused to send (unreachable, no buffer space…).</summary>
    long SendFailures { get; }

    /// <summary>
    /// Blocks until at least one datagram arrived and fills <paramref name="batch"/> with all that
    /// are ready (GRO super-datagrams already split). Returns false once stopped.
    /// </summary>
    bool Receive(DatagramBatch batch);

    /// <summary>Sends each packet's <see cref="PacketBuffer.Data"/> to its <see cref="PacketBuffer.Peer"/>.</summary>
    void Send(ReadOnlySpan<PacketBuffer> packets);

    /// <summary>Sends one datagram (IKE, keepalives): not for the per-packet path.</summary>
    void SendTo(ReadOnlySpan<byte> datagram, NetEndpoint peer);

    /// <summary>Wakes a blocked <see cref="Receive"/>, which then returns false.</summary>
    void Stop();
}
