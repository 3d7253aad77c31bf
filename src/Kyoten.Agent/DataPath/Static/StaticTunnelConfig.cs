using System.Net;
using Kyoten.Esp;

namespace Kyoten.Agent.DataPath.Static;

/// <summary>One tunnel of a <see cref="StaticDataPathConfig"/>: selectors, peer and the two SAs.</summary>
internal sealed record StaticTunnelConfig
{
    public string Name { get; init; } = "static";

    /// <summary>Peer NAT-T endpoint ("192.0.2.2:4500") or address for raw ESP/AH.</summary>
    public required string Peer { get; init; }

    /// <summary>This host's outer address (raw ESP tunnel and transport modes).</summary>
    public string? LocalAddress { get; init; }

    public bool Udp { get; init; } = true;

    public IpsecProtocol Protocol { get; init; } = IpsecProtocol.Esp;

    public IpsecMode Mode { get; init; } = IpsecMode.Tunnel;

    public EspAlgorithm Algorithm { get; init; } = EspAlgorithm.AesGcm256;

    public AhAlgorithm AhAlgorithm { get; init; } = AhAlgorithm.HmacSha256;

    /// <summary>Local selectors as prefixes, e.g. "198.18.1.0/24".</summary>
    public IReadOnlyList<string> Local { get; init; } = [];

    public IReadOnlyList<string> Remote { get; init; } = [];

    public required StaticSaConfig Inbound { get; init; }

    public required StaticSaConfig Outbound { get; init; }

    public IPEndPoint PeerEndPoint => IPEndPoint.TryParse(Peer, out IPEndPoint? endPoint)
        ? (endPoint.Port == 0 && Udp ? new IPEndPoint(endPoint.Address, 4500) : endPoint)
        : throw new FormatException($"tunnel {Name}: bad peer '{Peer}'");

    public SaParameters ToSaParameters(bool inbound)
    {
        StaticSaConfig sa = inbound ? Inbound : Outbound;
        IPAddress? local = LocalAddress is null ? null : IPAddress.Parse(LocalAddress);
        return new SaParameters
        {
            Spi = sa.SpiValue,
            Protocol = Protocol,
            Mode = Mode,
            EspAlgorithm = Algorithm,
            AhAlgorithm = AhAlgorithm,
            EncryptionKey = Convert.FromHexString(sa.EncryptionKey),
            IntegrityKey = Convert.FromHexString(sa.IntegrityKey),
            LocalSelectors = [.. Local.Select(Prefix)],
            RemoteSelectors = [.. Remote.Select(Prefix)],
            TunnelLocal = local,
            TunnelRemote = PeerEndPoint.Address,
        };
    }

    private static TrafficSelector Prefix(string text)
    {
        string[] parts = text.Split('/');
        IPAddress address = IPAddress.Parse(parts[0]);
        int length = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return TrafficSelector.FromPrefix(address, length);
    }
}
