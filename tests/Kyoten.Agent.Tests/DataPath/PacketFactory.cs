using System.Buffers.Binary;
using System.Net;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>Builds test IP packets and checks checksums with a plain reference implementation.</summary>
internal static class PacketFactory
{
    public static byte[] TcpV4(IPAddress source, IPAddress destination, uint sequence, byte flags, ReadOnlySpan<byte> payload, int optionBytes = 0, ushort id = 0x1234)
    {
        int tcpLength = 20 + optionBytes;
        byte[] packet = new byte[20 + tcpLength + payload.Length];
        WriteIPv4Header(packet, source, destination, 6, id);
        Span<byte> tcp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 5201);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], 777);
        tcp[12] = (byte)((tcpLength / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        for (int i = 20; i < tcpLength; i++)
        {
            tcp[i] = 1; // NOP options
        }

        payload.CopyTo(tcp[tcpLength..]);
        return packet;
    }

    public static byte[] TcpV6(IPAddress source, IPAddress destination, uint sequence, byte flags, ReadOnlySpan<byte> payload)
    {
        byte[] packet = new byte[40 + 20 + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(20 + payload.Length));
        packet[6] = 6;
        packet[7] = 64;
        source.TryWriteBytes(packet.AsSpan(8), out _);
        destination.TryWriteBytes(packet.AsSpan(24), out _);
        Span<byte> tcp = packet.AsSpan(40);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 5201);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        payload.CopyTo(tcp[20..]);
        return packet;
    }

    public static byte[] UdpV4(IPAddress source, IPAddress destination, ReadOnlySpan<byte> payload)
    {
        byte[] packet = new byte[28 + payload.Length];
        WriteIPv4Header(packet, source, destination, 17, 0x4321);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 6000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet.AsSpan(28));
        return packet;
    }

    public static byte[] UdpV6(IPAddress source, IPAddress destination, ReadOnlySpan<byte> payload)
    {
        byte[] packet = new byte[48 + payload.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(8 + payload.Length));
        packet[6] = 17;
        packet[7] = 64;
        source.TryWriteBytes(packet.AsSpan(8), out _);
        destination.TryWriteBytes(packet.AsSpan(24), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(40), 5000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(42), 6000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(44), (ushort)(8 + payload.Length));
        payload.CopyTo(packet.AsSpan(48));
        return packet;
    }

    /// <summary>Writes the pseudo-header sum into the checksum field, as the kernel does for CHECKSUM_PARTIAL.</summary>
    public static void SetPartialChecksum(byte[] packet, int transportStart, int checksumOffset, byte protocol)
    {
        int length = packet.Length - transportStart;
        uint sum = PseudoHeaderSum(packet, protocol, length);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(transportStart + checksumOffset), (ushort)sum);
    }

    /// <summary>True when the transport checksum of a full IP packet verifies (reference RFC 1071 sum).</summary>
    public static bool TransportChecksumValid(ReadOnlySpan<byte> packet, byte protocol)
    {
        int start = packet[0] >> 4 == 4 ? (packet[0] & 0xF) * 4 : 40;
        uint sum = PseudoHeaderSum(packet, protocol, packet.Length - start) + WordSum(packet[start..]);
        return Fold(sum) == 0xFFFF;
    }

    public static bool IPv4HeaderChecksumValid(ReadOnlySpan<byte> packet) =>
        Fold(WordSum(packet[..((packet[0] & 0xF) * 4)])) == 0xFFFF;

    private static void WriteIPv4Header(Span<byte> packet, IPAddress source, IPAddress destination, byte protocol, ushort id)
    {
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], id);
        packet[6] = 0x40; // DF
        packet[8] = 64;
        packet[9] = protocol;
        source.TryWriteBytes(packet[12..], out _);
        destination.TryWriteBytes(packet[16..], out _);
        uint sum = Fold(WordSum(packet[..20]));
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], (ushort)~sum);
    }

    private static uint PseudoHeaderSum(ReadOnlySpan<byte> packet, byte protocol, int length)
    {
        bool v6 = packet[0] >> 4 == 6;
        ReadOnlySpan<byte> addresses = v6 ? packet.Slice(8, 32) : packet.Slice(12, 8);
        return WordSum(addresses) + protocol + (uint)length;
    }

    private static uint WordSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        return sum;
    }

    private static uint Fold(uint sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }
}
