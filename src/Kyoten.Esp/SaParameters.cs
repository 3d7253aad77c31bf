using System.Net;
using System.Net.Sockets;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp;

/// <summary>
/// Everything the data path needs to build one direction of an IPsec SA (RFC 4301 §4.4.2 SAD entry).
/// The agent fills it from a negotiated CHILD SA; Kyoten.Esp never sees IKE. "Local" always means this
/// host's side: for an inbound SA the local selectors match the inner destination, for an outbound SA
/// the inner source. Time lifetimes are tracked by the caller (<see cref="SecurityAssociation.Expire"/>).
/// </summary>
public sealed class SaParameters
{
    /// <summary>Default anti-replay window (RFC 4303 §3.4.3 recommends at least 32; 1024 tolerates reordering at speed).</summary>
    public const int DefaultReplayWindowSize = 1024;

    /// <summary>Largest accepted window.</summary>
    public const int MaxReplayWindowSize = 65536;

    public required uint Spi { get; init; }

    public IpsecProtocol Protocol { get; init; } = IpsecProtocol.Esp;

    public IpsecMode Mode { get; init; } = IpsecMode.Tunnel;

    /// <summary>ESP transform (ignored for AH).</summary>
    public EspAlgorithm EspAlgorithm { get; init; } = EspAlgorithm.AesGcm256;

    /// <summary>AH integrity algorithm (ignored for ESP).</summary>
    public AhAlgorithm AhAlgorithm { get; init; } = AhAlgorithm.HmacSha256;

    /// <summary>ESP cipher key; for AES-GCM and ChaCha20-Poly1305 the key followed by the 4-octet salt (RFC 4106 §8.1, RFC 7634 §2).</summary>
    public ReadOnlyMemory<byte> EncryptionKey { get; init; }

    /// <summary>HMAC key for CBC/NULL ESP transforms and for AH (empty for AEAD).</summary>
    public ReadOnlyMemory<byte> IntegrityKey { get; init; }

    /// <summary>RFC 4303 §2.2.1 Extended Sequence Numbers (64-bit counter, 32 bits on the wire).</summary>
    public bool ExtendedSequenceNumbers { get; init; }

    /// <summary>Anti-replay window in packets (inbound only), 32 … 65536.</summary>
    public int ReplayWindowSize { get; init; } = DefaultReplayWindowSize;

    /// <summary>Soft byte lifetime (0 = none): crossing it sets <see cref="SecurityAssociation.SoftLifetimeReached"/>.</summary>
    public long SoftLifetimeBytes { get; init; }

    /// <summary>Hard byte lifetime (0 = none): crossing it expires the SA.</summary>
    public long HardLifetimeBytes { get; init; }

    public long SoftLifetimePackets { get; init; }

    public long HardLifetimePackets { get; init; }

    /// <summary>Selectors of this host's side; empty = any address of either family.</summary>
    public IReadOnlyList<TrafficSelector> LocalSelectors { get; init; } = [];

    /// <summary>Selectors of the peer's side; empty = any.</summary>
    public IReadOnlyList<TrafficSelector> RemoteSelectors { get; init; } = [];

    /// <summary>Tunnel mode: this host's outer address (used by AH tunnel mode and <see cref="EspPacket.WriteOuterIpHeader"/>).</summary>
    public IPAddress? TunnelLocal { get; init; }

    /// <summary>Tunnel mode: the peer's outer address.</summary>
    public IPAddress? TunnelRemote { get; init; }

    internal AlgorithmInfo Info => Protocol == IpsecProtocol.Esp ? AlgorithmInfo.For(EspAlgorithm) : AlgorithmInfo.For(AhAlgorithm);

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem at once (setup time, never per packet).</summary>
    public void Validate()
    {
        var errors = new List<string>();
        AlgorithmInfo info;
        try
        {
            info = Info;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message, nameof(EspAlgorithm), e);
        }

        if (Protocol == IpsecProtocol.Esp && EncryptionKey.Length != info.EncryptionKeyLength)
        {
            errors.Add($"EncryptionKey must be {info.EncryptionKeyLength} octets for {EspAlgorithm}, got {EncryptionKey.Length}");
        }

        if (IntegrityKey.Length != info.IntegrityKeyLength)
        {
            errors.Add($"IntegrityKey must be {info.IntegrityKeyLength} octets, got {IntegrityKey.Length}");
        }

        if (ReplayWindowSize is < 32 or > MaxReplayWindowSize)
        {
            errors.Add($"ReplayWindowSize must be 32..{MaxReplayWindowSize}, got {ReplayWindowSize}");
        }

        if (SoftLifetimeBytes < 0 || HardLifetimeBytes < 0 || SoftLifetimePackets < 0 || HardLifetimePackets < 0)
        {
            errors.Add("lifetimes must be ≥ 0 (0 = none)");
        }

        if (Mode == IpsecMode.Tunnel && Protocol == IpsecProtocol.Ah)
        {
            if (TunnelLocal is null || TunnelRemote is null)
            {
                errors.Add("AH tunnel mode needs TunnelLocal and TunnelRemote to build the outer header");
            }
            else if (TunnelLocal.AddressFamily != TunnelRemote.AddressFamily
                || TunnelLocal.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                errors.Add("TunnelLocal and TunnelRemote must be both IPv4 or both IPv6");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid SA parameters: " + string.Join("; ", errors));
        }
    }
}
