using System.Net;
using System.Security.Cryptography;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp;

/// <summary>
/// The sending half of an IPsec SA: cipher contexts, the sequence counter and lifetime state.
/// Thread-safe: several data-path threads may call <see cref="Protect"/> at once (sequence numbers are
/// taken with <see cref="Interlocked"/>, cipher contexts come from a small lane pool).
/// <para>
/// Buffer contract: the packet to protect lies at buffer[payloadOffset .. payloadOffset + payloadLength]
/// with at least <see cref="Headroom"/> octets before it and <see cref="Tailroom"/> after it (exact
/// needs are smaller: see <see cref="SaOverhead"/>). Protect works in place and reports where the
/// result lies; nothing is copied elsewhere and nothing is allocated.
/// </para>
/// <para>
/// What Protect produces:
/// ESP tunnel mode — input: the inner IP packet; output: the ESP packet only (SPI | Seq | IV | ciphertext | ICV).
/// The data path sends it in UDP 4500 (RFC 3948) or behind an outer IP header for raw protocol 50
/// (<see cref="EspPacket.WriteOuterIpHeader(Span{byte}, IPAddress, IPAddress, byte, int, byte, byte, ushort)"/>).
/// ESP transport mode — input: a complete IP packet; output: the complete IP packet with ESP inserted after
/// the IP header (IPv4: protocol, total length, checksum updated; IPv6: next header and payload length).
/// AH, both modes — output: a complete IP packet, because the AH ICV covers the outer header: in tunnel mode
/// Protect builds the outer header itself from <see cref="SaParameters.TunnelLocal"/>/<see cref="SaParameters.TunnelRemote"/>.
/// </para>
/// <para>
/// Transport-mode limits: IPv4 fragments and IPv6 packets whose first extension header is
/// Hop-by-Hop, Routing or Fragment are refused (<see cref="ProtectResult.Unsupported"/>); other IPv6
/// extension headers end up inside the protected payload.
/// </para>
/// </summary>
public sealed partial class OutboundSa : SecurityAssociation
{
    /// <summary>Octets to leave before the payload: covers outer IPv6 (40) + UDP (8) + ESP (8) + IV (16) = 72 and AH tunnel over IPv6 (88).</summary>
    public const int Headroom = 128;

    /// <summary>Octets to leave after the payload: padding (≤ 15) + Pad Length + Next Header + ICV (≤ 32).</summary>
    public const int Tailroom = 64;

    private readonly LanePool<EspTransform>? _esp;
    private readonly LanePool<TruncatedHmac>? _ah;
    private readonly AlgorithmInfo _info;
    private readonly ulong _maxSequence;
    private readonly ulong _softSequence;
    private readonly byte[] _tunnelLocal = [];
    private readonly byte[] _tunnelRemote = [];
    private long _lastSequence;
    private int _exhausted;
    private int _identification;
    private byte[]? _forcedIv;

    /// <summary>Builds cipher contexts from validated parameters (throws <see cref="ArgumentException"/> on bad ones).</summary>
    public OutboundSa(SaParameters parameters)
        : base(parameters, Enum.GetValues<ProtectResult>().Length)
    {
        _info = parameters.Info;
        // RFC 4303 §3.3.3: without ESN the counter must not cycle past 2^32 − 1; with ESN past 2^64 − 1.
        _maxSequence = parameters.ExtendedSequenceNumbers ? ulong.MaxValue : uint.MaxValue;
        _softSequence = _maxSequence - (parameters.ExtendedSequenceNumbers ? (1UL << 32) : (1UL << 24));
        if (parameters.TunnelLocal is not null && parameters.TunnelRemote is not null)
        {
            _tunnelLocal = parameters.TunnelLocal.GetAddressBytes();
            _tunnelRemote = parameters.TunnelRemote.GetAddressBytes();
        }

        if (parameters.Protocol == IpsecProtocol.Esp)
        {
            byte[] ivKey = RandomNumberGenerator.GetBytes(16);
            _esp = new LanePool<EspTransform>(() => TransformFactory.Create(parameters, ivKey));
        }
        else
        {
            _ah = new LanePool<TruncatedHmac>(() => new TruncatedHmac(_info.Hash, parameters.IntegrityKey.Span, _info.IcvLength));
        }
    }

    /// <summary>Sequence number of the last packet sent (0 before the first).</summary>
    public ulong LastSequenceNumber => Math.Min((ulong)Volatile.Read(ref _lastSequence), _maxSequence);

    /// <summary>The counter reached its end; the SA refuses to send and must be replaced.</summary>
    public bool SequenceExhausted => Volatile.Read(ref _exhausted) != 0;

    /// <summary>Rekey now: soft lifetime reached, or fewer than 2^24 (2^32 with ESN) sequence numbers left.</summary>
    public bool MustRekey => SoftLifetimeReached || SequenceExhausted || LastSequenceNumber >= _softSequence;

    /// <summary>How many packets were refused for <paramref name="reason"/>.</summary>
    public long GetDropCount(ProtectResult reason) => DropCount((int)reason);

    /// <summary>
    /// Protects one packet in place (see the class remarks for input/output per protocol and mode).
    /// Never throws for packet content; throws <see cref="ArgumentOutOfRangeException"/> only when the
    /// offsets lie outside <paramref name="buffer"/> (a caller bug).
    /// </summary>
    public ProtectResult Protect(Span<byte> buffer, int payloadOffset, int payloadLength, out int packetOffset, out int packetLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadOffset + payloadLength, buffer.Length, nameof(payloadLength));
        packetOffset = 0;
        packetLength = 0;
        ProtectResult result;
        if (HardLifetimeReached)
        {
            result = ProtectResult.SaExpired;
        }
        else if (payloadLength == 0)
        {
            result = ProtectResult.Malformed;
        }
        else if (Protocol == IpsecProtocol.Esp)
        {
            result = Mode == IpsecMode.Tunnel
                ? ProtectEspTunnel(buffer, payloadOffset, payloadLength, out packetOffset, out packetLength)
                : ProtectEspTransport(buffer, payloadOffset, payloadLength, out packetOffset, out packetLength);
        }
        else
        {
            result = Mode == IpsecMode.Tunnel
                ? ProtectAhTunnel(buffer, payloadOffset, payloadLength, out packetOffset, out packetLength)
                : ProtectAhTransport(buffer, payloadOffset, payloadLength, out packetOffset, out packetLength);
        }

        if (result == ProtectResult.Ok)
        {
            Account(payloadLength);
        }
        else
        {
            CountDrop((int)result);
        }

        return result;
    }

    public override void Dispose()
    {
        _esp?.Dispose();
        _ah?.Dispose();
    }

    /// <summary>Test hook: the next packet gets <paramref name="next"/> as its sequence number.</summary>
    internal void SetNextSequenceNumber(ulong next) => Volatile.Write(ref _lastSequence, (long)(next - 1));

    /// <summary>Test hook: the next ESP packet uses this explicit IV (known-answer tests). Single-threaded use only.</summary>
    internal void ForceNextIv(byte[] iv) => _forcedIv = iv;

    /// <summary>Takes the next sequence number; false (and exhausted for good) once past the maximum — it never wraps.</summary>
    private bool TryNextSequence(out ulong sequence)
    {
        sequence = (ulong)Interlocked.Increment(ref _lastSequence);
        if (sequence == 0 || sequence > _maxSequence)
        {
            Volatile.Write(ref _exhausted, 1);
            return false;
        }

        return true;
    }

    private ReadOnlySpan<byte> TakeForcedIv()
    {
        byte[]? iv = _forcedIv;
        if (iv is null)
        {
            return default;
        }

        _forcedIv = null;
        return iv;
    }
}
