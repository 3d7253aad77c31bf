using Kyoten.Esp;

namespace Kyoten.Agent.DataPath;

/// <summary>
/// The largest inner packet a tunnel carries without exceeding the WAN MTU: outer IP (tunnel
/// mode), UDP (RFC 3948), the ESP header, IV, worst-case padding, trailer and ICV (RFC 4303 §2),
/// or the AH header and ICV (RFC 4302 §2).
/// </summary>
internal static class TunnelOverhead
{
    public static int MaxInnerLength(SaParameters sa, bool udpEncapsulation, bool ipv6Outer, int wanMtu)
    {
        int outerIp = sa.Mode == IpsecMode.Tunnel ? (ipv6Outer ? 40 : 20) : 0;
        int udp = udpEncapsulation ? 8 : 0;
        int room = wanMtu - outerIp - udp;
        if (sa.Protocol == IpsecProtocol.Ah)
        {
            int ah = 12 + AhIcv(sa.AhAlgorithm);
            return room - ((ah + 7) & ~7);
        }

        (int iv, int block, int icv) = Esp(sa.EspAlgorithm);
        // ESP payload = IV + inner + padding + 2, padded to the block; keep the largest inner that fits.
        int encrypted = ((room - 8 - iv - icv) / block) * block;
        return encrypted - 2;
    }

    private static (int Iv, int Block, int Icv) Esp(EspAlgorithm algorithm) => algorithm switch
    {
        EspAlgorithm.AesGcm128 or EspAlgorithm.AesGcm256 or EspAlgorithm.ChaCha20Poly1305 => (8, 4, 16),
        EspAlgorithm.AesCbc128HmacSha256 or EspAlgorithm.AesCbc256HmacSha256 => (16, 16, 16),
        EspAlgorithm.AesCbc256HmacSha384 => (16, 16, 24),
        EspAlgorithm.AesCbc256HmacSha512 => (16, 16, 32),
        EspAlgorithm.NullHmacSha256 => (0, 4, 16),
        EspAlgorithm.NullHmacSha384 => (0, 4, 24),
        _ => (0, 4, 32),
    };

    private static int AhIcv(AhAlgorithm algorithm) => algorithm switch
    {
        AhAlgorithm.HmacSha256 => 16,
        AhAlgorithm.HmacSha384 => 24,
        _ => 32,
    };
}
