using System.Buffers.Binary;
using Kyoten.Esp.Crypto;
using Kyoten.Esp.Replay;

namespace Kyoten.Esp;

/// <summary>
/// The receiving half of an IPsec SA: cipher contexts, the anti-replay window and counters.
/// Thread-safe; the replay window is guarded by a short lock taken twice per packet (check before the
/// integrity check, update after it — RFC 4303 §3.4.3: a forged packet must not move the window).
/// <para>
/// What Unprotect takes and gives (mirror of <see cref="OutboundSa.Protect"/>):
/// ESP tunnel mode — input: the ESP packet (from SPI to ICV; the data path strips outer IP/UDP);
/// output: the inner IP packet, in place at innerOffset (any TFC padding after it is excluded).
/// ESP transport mode and AH (both modes) — input: the complete IP packet; output: the reconstructed IP
/// packet (transport: original header moved next to the payload with protocol and lengths restored;
/// AH tunnel: the inner packet).
/// Transport-mode limits: ESP/AH must follow the IPv4 header or the fixed IPv6 header directly; over
/// UDP encapsulation the caller must fix TCP/UDP checksums itself (RFC 3948 §3.1.2) if NAT changed addresses.
/// </para>
/// Never throws on packet content: every failure is a counted <see cref="UnprotectResult"/>.
/// </summary>
public sealed partial class InboundSa : SecurityAssociation
{
    private readonly LanePool<EspTransform>? _esp;
    private readonly LanePool<TruncatedHmac>? _ah;
    private readonly AlgorithmInfo _info;
    private readonly ReplayWindow _window;
    private readonly Lock _windowLock = new();

    /// <summary>Builds cipher contexts from validated parameters (throws <see cref="ArgumentException"/> on bad ones).</summary>
    public InboundSa(SaParameters parameters)
        : base(parameters, Enum.GetValues<UnprotectResult>().Length)
    {
        _info = parameters.Info;
        _window = new ReplayWindow(parameters.ReplayWindowSize, parameters.ExtendedSequenceNumbers);
        if (parameters.Protocol == IpsecProtocol.Esp)
        {
            // The IV key only matters for sending; inbound CBC contexts never generate IVs.
            byte[] unusedIvKey = new byte[16];
            _esp = new LanePool<EspTransform>(() => TransformFactory.Create(parameters, unusedIvKey));
        }
        else
        {
            _ah = new LanePool<TruncatedHmac>(() => new TruncatedHmac(_info.Hash, parameters.IntegrityKey.Span, _info.IcvLength));
        }
    }

    /// <summary>Opaque to Kyoten.Esp: the caller's id for the owner of this SA (the data path's tunnel), like <see cref="SpdEntry.Handle"/>.</summary>
    public int Handle { get; set; }

    /// <summary>Highest authenticated sequence number seen (right edge of the replay window).</summary>
    public ulong HighestSequenceNumber
    {
        get
        {
            lock (_windowLock)
            {
                return _window.Top;
            }
        }
    }

    /// <summary>How many packets ended with <paramref name="reason"/> (drops, and <see cref="UnprotectResult.Dummy"/>).</summary>
    public long GetDropCount(UnprotectResult reason) => DropCount((int)reason);

    /// <summary>
    /// Counts a drop the caller decided after the SPI lookup, before <see cref="Unprotect"/> (e.g. an
    /// ESP datagram whose SPI names an AH SA is <see cref="UnprotectResult.Malformed"/>).
    /// </summary>
    public void RecordDrop(UnprotectResult reason)
    {
        if (reason is UnprotectResult.Ok or UnprotectResult.Dummy)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a drop");
        }

        CountDrop((int)reason);
    }

    /// <summary>Verifies, decrypts and policy-checks one packet in place (see the class remarks).</summary>
    public UnprotectResult Unprotect(Span<byte> packet, out int innerOffset, out int innerLength)
    {
        innerOffset = 0;
        innerLength = 0;
        UnprotectResult result;
        if (HardLifetimeReached)
        {
            result = UnprotectResult.SaExpired;
        }
        else if (Protocol == IpsecProtocol.Esp)
        {
            result = Mode == IpsecMode.Tunnel
                ? UnprotectEspTunnel(packet, out innerOffset, out innerLength)
                : UnprotectEspTransport(packet, out innerOffset, out innerLength);
        }
        else
        {
            result = UnprotectAh(packet, out innerOffset, out innerLength);
        }

        if (result == UnprotectResult.Ok)
        {
            Account(innerLength);
        }
        else
        {
            innerOffset = 0;
            innerLength = 0;
            CountDrop((int)result);
        }

        return result;
    }

    public override void Dispose()
    {
        _esp?.Dispose();
        _ah?.Dispose();
    }

    /// <summary>Test hook: restart the replay window with <paramref name="top"/> as the highest number seen.</summary>
    internal void ResetReplayWindow(ulong top)
    {
        lock (_windowLock)
        {
            _window.Reset(top);
        }
    }

    /// <summary>Step 1 of RFC 4303 §3.4.3: SPI, sequence inference and replay check before any crypto.</summary>
    private UnprotectResult PreCheck(ReadOnlySpan<byte> spiAndSequence, out ulong sequence)
    {
        sequence = 0;
        if (BinaryPrimitives.ReadUInt32BigEndian(spiAndSequence) != Spi)
        {
            return UnprotectResult.UnknownSpi;
        }

        uint low = BinaryPrimitives.ReadUInt32BigEndian(spiAndSequence[4..]);
        lock (_windowLock)
        {
            if (!_window.TryInfer(low, out sequence) || !_window.Check(sequence))
            {
                return UnprotectResult.Replayed;
            }
        }

        return UnprotectResult.Ok;
    }

    /// <summary>Step 2, after the ICV verified: mark the number; a concurrent duplicate that won the race is a replay.</summary>
    private bool CommitSequence(ulong sequence)
    {
        lock (_windowLock)
        {
            return _window.CheckAndUpdate(sequence);
        }
    }

    /// <summary>Parses the delivered packet and applies the SA's selectors (RFC 4301 §5.2 step 4).</summary>
    private UnprotectResult CheckInner(ReadOnlySpan<byte> inner, int expectedVersion, out int length)
    {
        length = 0;
        if (!IpPacket.TryParse(inner, out IpPacket ip) || (expectedVersion != 0 && ip.Version != expectedVersion))
        {
            return UnprotectResult.Malformed;
        }

        length = ip.TotalLength;
        return MatchesSelectors(ip, inbound: true) ? UnprotectResult.Ok : UnprotectResult.PolicyMismatch;
    }

    private static int VersionForNextHeader(byte nextHeader) => nextHeader switch
    {
        4 => 4,
        41 => 6,
        _ => 0,
    };
}
