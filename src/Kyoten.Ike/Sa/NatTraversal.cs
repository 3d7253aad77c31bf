using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Kyoten.Ike.Config;

namespace Kyoten.Ike.Sa;

/// <summary>
/// NAT detection (RFC 7296 §2.23) and the non-ESP marker for IKE on the NAT-T port (RFC 3948 §2.2).
/// </summary>
internal static class NatTraversal
{
    public const int MarkerLength = 4;

    /// <summary>SHA-1(SPIi | SPIr | IP | Port), the NAT_DETECTION_*_IP notification data.</summary>
    public static byte[] Hash(ulong spiI, ulong spiR, IPEndPoint endPoint)
    {
        var address = endPoint.Address.GetAddressBytes();
        var input = new byte[16 + address.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(input, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(8), spiR);
        address.CopyTo(input, 16);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(16 + address.Length), (ushort)endPoint.Port);
#pragma warning disable CA5350 // RFC 7296 §2.23 mandates SHA-1 here; it is a fingerprint, not a signature.
        return SHA1.HashData(input);
#pragma warning restore CA5350
    }

    public static bool UsesMarker(IPEndPoint local, IkeEngineOptions options) => local.Port == options.NatTraversalPort;

    public static byte[] AddMarker(byte[] message, IPEndPoint local, IkeEngineOptions options)
    {
        if (!UsesMarker(local, options))
        {
            return message;
        }

        var datagram = new byte[MarkerLength + message.Length];
        message.CopyTo(datagram, MarkerLength);
        return datagram;
    }

    public static IPEndPoint WithPort(IPEndPoint endPoint, int port) => new(endPoint.Address, port);
}
