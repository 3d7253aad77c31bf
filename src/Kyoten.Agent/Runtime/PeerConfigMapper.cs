using System.Net;
using System.Text;
using Kyoten.Agent.Ike;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;

namespace Kyoten.Agent.Runtime;

/// <summary>
/// AgentConfig tunnel (kyoten.agent.v1) → Kyoten.Ike <see cref="PeerConfig"/>. Errors name the
/// field and never contain a PSK; the whole configuration is refused if any tunnel fails.
/// </summary>
internal static class PeerConfigMapper
{
    public const int IkePort = 500;
    private static readonly TimeSpan DefaultIkeLifetime = TimeSpan.FromHours(4);
    private static readonly TimeSpan DefaultChildLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan DefaultDpd = TimeSpan.FromSeconds(30);

    public static DaemonTunnel? TryMap(AgentConfig config, Contracts.Agent.V1.Tunnel tunnel, string enginePeer, RuntimeContext context, List<string> errors)
    {
        string path = $"tunnel \"{tunnel.Name}\"";
        int before = errors.Count;
        if (tunnel.IkeVersion != IkeVersion.V2)
        {
            errors.Add($"{path}.ike_version: only IKEv2 is implemented by this agent");
        }

        var remote = RemoteEndPoint(tunnel, path, errors);
        byte[]? psk = null;
        if (tunnel.Auth == Contracts.Agent.V1.AuthMethod.Psk)
        {
            psk = Encoding.UTF8.GetBytes(tunnel.Psk);
        }
        else if (context.Certificate is null)
        {
            errors.Add($"{path}.auth: certificate authentication needs an enrolled identity (run 'kyoten-agent enroll')");
        }

        var (ike, child, margin, jitter) = Lifetimes(tunnel.Lifetimes);
        var mode = tunnel.Mode == Contracts.Agent.V1.IpsecMode.Transport ? ChildMode.Transport : ChildMode.Tunnel;
        var local = new IPEndPoint(context.ListenAddress, IkePort);
        var localTs = Selectors(tunnel.LocalTs, mode, context.ListenAddress);
        var remoteTs = Selectors(tunnel.RemoteTs, mode, remote?.Address ?? IPAddress.Any);
        if (errors.Count > before || remote is null)
        {
            return null;
        }

        var peer = new PeerConfig
        {
            Name = enginePeer,
            LocalEndPoint = local,
            RemoteEndPoint = remote,
            LocalId = IdentityParser.Parse(config.LocalId.Length > 0 ? config.LocalId : config.SiteName),
            RemoteId = tunnel.RemoteId.Length > 0 ? IdentityParser.Parse(tunnel.RemoteId) : null,
            PreSharedKey = psk,
            Certificate = psk is null ? context.Certificate : null,
            TrustAnchors = psk is null ? context.TrustAnchors : null,
            IkeProposals = [.. tunnel.IkeProposals],
            ChildProposals = [.. tunnel.ChildProposals],
            LocalTrafficSelectors = localTs,
            RemoteTrafficSelectors = remoteTs,
            ChildProtocol = tunnel.Protocol == Contracts.Agent.V1.IpsecProtocol.Ah ? ProtocolId.Ah : ProtocolId.Esp,
            Mode = mode,
            IkeLifetime = ike,
            ChildLifetime = child,
            RekeyMargin = margin,
            RekeyJitter = jitter,
            DpdInterval = tunnel.DpdIntervalSeconds > 0 ? TimeSpan.FromSeconds(tunnel.DpdIntervalSeconds) : DefaultDpd,
            Initiator = tunnel.Initiator,
        };
        var limits = DataPathLimits.From(tunnel.ReplayWindow, tunnel.Lifetimes?.ChildBytes ?? 0, tunnel.Lifetimes?.ChildPackets ?? 0);
        return new DaemonTunnel(tunnel.Name, peer, limits);
    }

    /// <summary>
    /// Unset lifetimes get the engine defaults; an unset margin is a third of the shorter
    /// lifetime (at most 9 min) and an unset jitter a third of the margin, so both ends rarely
    /// start the same rekey at once.
    /// </summary>
    private static (TimeSpan Ike, TimeSpan Child, TimeSpan Margin, TimeSpan Jitter) Lifetimes(Lifetimes? lifetimes)
    {
        var ike = lifetimes is { IkeSeconds: > 0 } ? TimeSpan.FromSeconds(lifetimes.IkeSeconds) : DefaultIkeLifetime;
        var child = lifetimes is { ChildSeconds: > 0 } ? TimeSpan.FromSeconds(lifetimes.ChildSeconds) : DefaultChildLifetime;
        var shorter = ike < child ? ike : child;
        var margin = lifetimes is { RekeyMarginSeconds: > 0 }
            ? TimeSpan.FromSeconds(lifetimes.RekeyMarginSeconds)
            : TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(9).Ticks, shorter.Ticks / 3));
        var jitter = lifetimes is { JitterSeconds: > 0 } ? TimeSpan.FromSeconds(lifetimes.JitterSeconds) : margin / 3;
        return (ike, child, margin, jitter);
    }

    private static IPEndPoint? RemoteEndPoint(Contracts.Agent.V1.Tunnel tunnel, string path, List<string> errors)
    {
        int port = tunnel.RemotePort is > 0 and <= ushort.MaxValue ? (int)tunnel.RemotePort : IkePort;
        if (tunnel.RemoteAddress.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port); // dynamic peer: it initiates
        }

        if (IPAddress.TryParse(tunnel.RemoteAddress, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var resolved = Dns.GetHostAddresses(tunnel.RemoteAddress);
            var first = resolved.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? resolved.FirstOrDefault();
            if (first is not null)
            {
                return new IPEndPoint(first, port);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
        }

        errors.Add($"{path}.remote_address: \"{tunnel.RemoteAddress}\" does not resolve");
        return null;
    }

    /// <summary>Transport mode without selectors protects the two hosts' own addresses.</summary>
    private static List<TrafficSelectorConfig> Selectors(IList<string> prefixes, ChildMode mode, IPAddress host)
    {
        if (prefixes.Count > 0)
        {
            return [.. prefixes.Select(p => new TrafficSelectorConfig(p))];
        }

        if (mode == ChildMode.Transport && !host.Equals(IPAddress.Any))
        {
            return [new TrafficSelectorConfig($"{host}/32")];
        }

        return ["0.0.0.0/0"];
    }
}
