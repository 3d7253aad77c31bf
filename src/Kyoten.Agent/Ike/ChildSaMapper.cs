using Kyoten.Esp;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;
using EspSelector = Kyoten.Esp.TrafficSelector;
using IkeSelector = Kyoten.Ike.Payloads.TrafficSelector;

namespace Kyoten.Agent.Ike;

/// <summary>
/// Turns a negotiated CHILD SA (Kyoten.Ike) into the two one-way SAs of the data path (Kyoten.Esp).
/// The two libraries never reference each other; this is the only place their vocabularies meet.
/// </summary>
internal static class ChildSaMapper
{
    /// <summary>Maps both directions; false with a reason for an algorithm the data path lacks.</summary>
    public static bool TryMap(ChildSaParameters child, DataPathLimits limits, out SaParameters? inbound, out SaParameters? outbound, out string? error)
    {
        inbound = outbound = null;
        var protocol = child.Protocol == ProtocolId.Ah ? IpsecProtocol.Ah : IpsecProtocol.Esp;
        EspAlgorithm esp = default;
        AhAlgorithm ah = default;
        error = protocol == IpsecProtocol.Esp ? TryEsp(child, out esp) : TryAh(child, out ah);
        if (error is not null)
        {
            return false;
        }

        var mode = child.Mode == ChildMode.Transport ? IpsecMode.Transport : IpsecMode.Tunnel;
        var local = child.LocalTrafficSelectors.Select(ToEsp).ToList();
        var remote = child.RemoteTrafficSelectors.Select(ToEsp).ToList();
        inbound = new SaParameters
        {
            Spi = child.InboundSpi,
            Protocol = protocol,
            Mode = mode,
            EspAlgorithm = esp,
            AhAlgorithm = ah,
            EncryptionKey = child.InboundEncryptionKey,
            IntegrityKey = child.InboundIntegrityKey,
            ExtendedSequenceNumbers = child.Algorithms.ExtendedSequenceNumbers,
            ReplayWindowSize = limits.ReplayWindow,
            HardLifetimeBytes = limits.HardBytes,
            HardLifetimePackets = limits.HardPackets,
            LocalSelectors = local,
            RemoteSelectors = remote,
            TunnelLocal = child.LocalEndPoint.Address,
            TunnelRemote = child.RemoteEndPoint.Address,
        };
        outbound = new SaParameters
        {
            Spi = child.OutboundSpi,
            Protocol = protocol,
            Mode = mode,
            EspAlgorithm = esp,
            AhAlgorithm = ah,
            EncryptionKey = child.OutboundEncryptionKey,
            IntegrityKey = child.OutboundIntegrityKey,
            ExtendedSequenceNumbers = child.Algorithms.ExtendedSequenceNumbers,
            SoftLifetimeBytes = limits.SoftBytes,
            HardLifetimeBytes = limits.HardBytes,
            SoftLifetimePackets = limits.SoftPackets,
            HardLifetimePackets = limits.HardPackets,
            LocalSelectors = local,
            RemoteSelectors = remote,
            TunnelLocal = child.LocalEndPoint.Address,
            TunnelRemote = child.RemoteEndPoint.Address,
        };
        try
        {
            inbound.Validate();
            outbound.Validate();
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            inbound = outbound = null;
            return false;
        }
    }

    public static EspSelector ToEsp(IkeSelector ts) => new(ts.StartAddress, ts.EndAddress, ts.IpProtocol, ts.StartPort, ts.EndPort);

    private static string? TryEsp(ChildSaParameters child, out EspAlgorithm algorithm)
    {
        var a = child.Algorithms;
        algorithm = (a.Encryption, a.EncryptionKeyBits, a.Integrity) switch
        {
            (EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None) => EspAlgorithm.AesGcm128,
            (EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None) => EspAlgorithm.AesGcm256,
            (EncryptionAlgorithm.ChaCha20Poly1305, _, IntegrityAlgorithm.None) => EspAlgorithm.ChaCha20Poly1305,
            (EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128) => EspAlgorithm.AesCbc128HmacSha256,
            (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128) => EspAlgorithm.AesCbc256HmacSha256,
            (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_384_192) => EspAlgorithm.AesCbc256HmacSha384,
            (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_512_256) => EspAlgorithm.AesCbc256HmacSha512,
            (EncryptionAlgorithm.Null, _, IntegrityAlgorithm.HmacSha2_256_128) => EspAlgorithm.NullHmacSha256,
            (EncryptionAlgorithm.Null, _, IntegrityAlgorithm.HmacSha2_384_192) => EspAlgorithm.NullHmacSha384,
            (EncryptionAlgorithm.Null, _, IntegrityAlgorithm.HmacSha2_512_256) => EspAlgorithm.NullHmacSha512,
            _ => (EspAlgorithm)(-1),
        };
        return (int)algorithm < 0 ? $"the data path has no ESP transform for {a}" : null;
    }

    private static string? TryAh(ChildSaParameters child, out AhAlgorithm algorithm)
    {
        algorithm = child.Algorithms.Integrity switch
        {
            IntegrityAlgorithm.HmacSha2_256_128 => AhAlgorithm.HmacSha256,
            IntegrityAlgorithm.HmacSha2_384_192 => AhAlgorithm.HmacSha384,
            IntegrityAlgorithm.HmacSha2_512_256 => AhAlgorithm.HmacSha512,
            _ => (AhAlgorithm)(-1),
        };
        return (int)algorithm < 0 ? $"the data path has no AH transform for {child.Algorithms}" : null;
    }
}
