using System.Buffers.Binary;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// Reads the IPv4/IPv6 packets out of a classic pcap file written by tcpdump on a veth
/// (link type 1, Ethernet): 24-octet file header, then per record a 16-octet header and the frame.
/// </summary>
internal static class PcapFile
{
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int EthernetHeaderLength = 14;

    public static List<byte[]> ReadIpPackets(byte[] file)
    {
        var packets = new List<byte[]>();
        bool swapped = BinaryPrimitives.ReadUInt32LittleEndian(file) != 0xa1b2c3d4;
        int offset = FileHeaderLength;
        while (offset + RecordHeaderLength <= file.Length)
        {
            ReadOnlySpan<byte> lengthField = file.AsSpan(offset + 8, 4);
            int captured = (int)(swapped ? BinaryPrimitives.ReadUInt32BigEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField));
            offset += RecordHeaderLength;
            if (captured > EthernetHeaderLength && offset + captured <= file.Length)
            {
                packets.Add(file.AsSpan(offset + EthernetHeaderLength, captured - EthernetHeaderLength).ToArray());
            }

            offset += captured;
        }

        return packets;
    }
}
