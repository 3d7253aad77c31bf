using System.Buffers.Binary;
using System.Net;
using Kyoten.Esp;
using Kyoten.Ike.Events;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Transforms;

namespace Kyoten.Interop.Tests;

/// <summary>
/// Proves that the CHILD SA keys Kyoten.Ike derived are the ones strongSwan derived: an ICMP echo
/// request is sealed with Kyoten.Esp under the negotiated outbound SA and sent as ESP in UDP 4500
/// (RFC 3948) to charon; libipsec can only deliver it if the keys agree, the peer's kernel answers,
/// and the reply (sealed by libipsec) must open under Kyoten's inbound SA. Keys stay in memory.
/// </summary>
internal sealed class EspProbe : IDisposable
{
    private const int IcmpIdentifier = 0x4b59; // "KY"
    private readonly Dictionary<uint, InboundSa> _inbound = [];
    private OutboundSa? _outbound;
    private IPEndPoint? _remote;
    private IPAddress _source = IPAddress.None;
    private IPAddress _destination = IPAddress.None;

    /// <summary>Makes the installed CHILD SA the one that sends; keeps earlier inbound SAs until removed (make-before-break).</summary>
    public void Install(ChildSaParameters p)
    {
        var algorithm = Map(p.Algorithms);
        _outbound?.Dispose();
        _outbound = new OutboundSa(new SaParameters { Spi = p.OutboundSpi, EspAlgorithm = algorithm, EncryptionKey = p.OutboundEncryptionKey, IntegrityKey = p.OutboundIntegrityKey });
        _inbound[p.InboundSpi] = new InboundSa(new SaParameters { Spi = p.InboundSpi, EspAlgorithm = algorithm, EncryptionKey = p.InboundEncryptionKey, IntegrityKey = p.InboundIntegrityKey });
        _remote = p.RemoteEndPoint;
        _source = p.LocalTrafficSelectors[0].StartAddress;
        _destination = p.RemoteTrafficSelectors[0].StartAddress;
    }

    public void Remove(uint inboundSpi)
    {
        if (_inbound.Remove(inboundSpi, out var sa))
        {
            sa.Dispose();
        }
    }

    /// <summary>Seals an echo request (first local → first remote selector address); null when no SA is installed.</summary>
    public (byte[] Datagram, IPEndPoint Remote)? SealEchoRequest(ushort sequence)
    {
        if (_outbound is null || _remote is null)
        {
            return null;
        }

        var buffer = new byte[OutboundSa.Headroom + 60 + OutboundSa.Tailroom];
        var packet = buffer.AsSpan(OutboundSa.Headroom, 60);
        WriteEchoRequest(packet, _source, _destination, sequence);
        var result = _outbound.Protect(buffer, OutboundSa.Headroom, packet.Length, out var offset, out var length);
        return result == ProtectResult.Ok ? (buffer[offset..(offset + length)], _remote) : throw new InvalidOperationException("bug: protect failed: " + result);
    }

    /// <summary>Opens one ESP-in-UDP datagram (no non-ESP marker) and describes what was inside.</summary>
    public HostLine Open(Span<byte> datagram)
    {
        var spi = BinaryPrimitives.ReadUInt32BigEndian(datagram);
        var line = new HostLine("esp") { InboundSpi = HostLines.Hex(spi) };
        if (!_inbound.TryGetValue(spi, out var sa))
        {
            return line with { Type = "UnknownSpi" };
        }

        var result = sa.Unprotect(datagram, out var offset, out var length);
        if (result != UnprotectResult.Ok)
        {
            return line with { Type = result.ToString() };
        }

        var inner = datagram.Slice(offset, length);
        var isEchoReply = inner.Length >= 28 && inner[0] >> 4 == 4 && inner[9] == 1 && inner[20] == 0
            && BinaryPrimitives.ReadUInt16BigEndian(inner[24..]) == IcmpIdentifier;
        var text = $"{new IPAddress(inner.Slice(12, 4))} -> {new IPAddress(inner.Slice(16, 4))} proto {inner[9]}";
        return line with
        {
            Type = isEchoReply ? "EchoReply" : "Other",
            Text = isEchoReply ? text + " seq " + BinaryPrimitives.ReadUInt16BigEndian(inner[26..]) : text,
        };
    }

    public void Dispose()
    {
        _outbound?.Dispose();
        foreach (var sa in _inbound.Values)
        {
            sa.Dispose();
        }
    }

    private static EspAlgorithm Map(ChildAlgorithms a) => (a.Encryption, a.EncryptionKeyBits, a.Integrity) switch
    {
        (EncryptionAlgorithm.AesGcm16, 128, _) => EspAlgorithm.AesGcm128,
        (EncryptionAlgorithm.AesGcm16, 256, _) => EspAlgorithm.AesGcm256,
        (EncryptionAlgorithm.ChaCha20Poly1305, _, _) => EspAlgorithm.ChaCha20Poly1305,
        (EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128) => EspAlgorithm.AesCbc128HmacSha256,
        (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128) => EspAlgorithm.AesCbc256HmacSha256,
        (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_384_192) => EspAlgorithm.AesCbc256HmacSha384,
        (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_512_256) => EspAlgorithm.AesCbc256HmacSha512,
        _ => throw new ArgumentException("no Kyoten.Esp transform for " + a),
    };

    // RFC 791 header (no options, DF) + RFC 792 echo request with a 32-octet payload.
    private static void WriteEchoRequest(Span<byte> packet, IPAddress source, IPAddress destination, ushort sequence)
    {
        packet.Clear();
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], 0x4000);
        packet[8] = 64;
        packet[9] = 1;
        source.TryWriteBytes(packet[12..16], out _);
        destination.TryWriteBytes(packet[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Finish(InternetChecksum.Accumulate(0, packet[..20])));
        var icmp = packet[20..];
        icmp[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], IcmpIdentifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        for (var i = 8; i < icmp.Length; i++)
        {
            icmp[i] = (byte)i;
        }

        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Accumulate(0, icmp)));
    }
}
