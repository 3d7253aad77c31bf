using System.Buffers.Binary;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Packets;

/// <summary>
/// The Authentication Header and its ICV input.
/// <code>
/// RFC 4302 §2:
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Header   |  Payload Len  |          RESERVED             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Security Parameters Index (SPI)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Sequence Number Field                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Integrity Check Value-ICV (variable)           |
/// </code>
/// </summary>
internal static class AhHeader
{
    public const int FixedLength = 12;

    /// <summary>
    /// RFC 4302 §2.6: the header must be a multiple of 32 bits for IPv4 and of 64 bits for IPv6, so the
    /// 28/36/44-octet SHA-2 headers get 4 octets of padding inside the ICV field over IPv6.
    /// </summary>
    public static int Length(int icvLength, int ipVersion)
    {
        int raw = FixedLength + icvLength;
        int align = ipVersion == 6 ? 8 : 4;
        return (raw + align - 1) / align * align;
    }

    /// <summary>RFC 4302 §2.2: Payload Len = AH length in 32-bit words minus 2.</summary>
    public static byte PayloadLenField(int ahLength) => (byte)((ahLength / 4) - 2);

    public static void Write(Span<byte> ah, int ahLength, byte nextHeader, uint spi, ulong sequence)
    {
        ah[0] = nextHeader;
        ah[1] = PayloadLenField(ahLength);
        ah[2] = 0;
        ah[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(ah[4..], spi);
        BinaryPrimitives.WriteUInt32BigEndian(ah[8..], (uint)sequence);
        ah[FixedLength..ahLength].Clear();
    }

    /// <summary>
    /// Feeds the ICV input of RFC 4302 §3.3.3.1: the IP header with mutable fields zeroed (IPv4 TOS,
    /// flags + fragment offset, TTL, checksum, mutable options; IPv6 traffic class, flow label, hop
    /// limit), the AH header with the ICV field (and its padding) as zeros, the rest of the packet, and
    /// with ESN the high 32 sequence bits appended at the end (RFC 4302 §2.5.1, not transmitted).
    /// Works on a copy of the header so the packet bytes stay as received.
    /// </summary>
    public static void AppendIcvInput(TruncatedHmac hmac, ReadOnlySpan<byte> packet, int headerLength, int ahLength, ulong sequence, bool esn)
    {
        Span<byte> header = stackalloc byte[60];
        header = header[..headerLength];
        packet[..headerLength].CopyTo(header);
        if ((header[0] >> 4) == 4)
        {
            header[1] = 0;
            header[6] = 0;
            header[7] = 0;
            header[8] = 0;
            header[10] = 0;
            header[11] = 0;
            ZeroMutableOptions(header[IpPacket.IPv4HeaderLength..]);
        }
        else
        {
            header[0] &= 0xf0;
            header[1] = 0;
            header[2] = 0;
            header[3] = 0;
            header[7] = 0;
        }

        hmac.Append(header);
        hmac.Append(packet.Slice(headerLength, FixedLength));
        Span<byte> zeros = stackalloc byte[ahLength - FixedLength];
        zeros.Clear();
        hmac.Append(zeros);
        hmac.Append(packet[(headerLength + ahLength)..]);
        if (esn)
        {
            Span<byte> high = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(high, (uint)(sequence >> 32));
            hmac.Append(high);
        }
    }

    /// <summary>
    /// RFC 4302 Appendix A.1: Security (130), Extended Security (133), Commercial Security (134), Router
    /// Alert (148) and SDMDD (149) are immutable; every other option is zeroed. Loose/strict source
    /// routes are treated as mutable instead of "predictable" (documented limitation).
    /// </summary>
    private static void ZeroMutableOptions(Span<byte> options)
    {
        int i = 0;
        while (i < options.Length)
        {
            byte type = options[i];
            if (type == 0)
            {
                return;
            }

            if (type == 1)
            {
                i++;
                continue;
            }

            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length)
            {
                options[i..].Clear();
                return;
            }

            int length = options[i + 1];
            if (type is not (130 or 133 or 134 or 148 or 149))
            {
                options.Slice(i, length).Clear();
            }

            i += length;
        }
    }
}
