using System.Buffers.Binary;
using System.Net;
using Kyoten.Agent.DataPath;
using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>
/// Site A sits behind a NAT whose mapping for UDP 4500 changes (a NAT reboot or an idle timeout):
/// A's next authenticated packet comes from a new port, and B must answer there, as RFC 7296
/// §2.23 asks for IKE. Forged or replayed packets from elsewhere must not move B's peer.
/// </summary>
public sealed class NatRebindingTests : IDisposable
{
    private static readonly NetEndpoint InsideA = Endpoint(TwoSites.WanA, 4500);
    private static readonly NetEndpoint NewMapping = Endpoint(TwoSites.WanA, 61000);
    private readonly TwoSites _sites = new();

    public void Dispose() => _sites.Dispose();

    [Fact]
    public void AuthenticatedPacketFromANewPort_MovesThePeer_AndRepliesFollow()
    {
        var moves = new System.Collections.Concurrent.ConcurrentQueue<(string, IPEndPoint)>();
        _sites.B.Engine.PeerRebound += (tunnel, remote) => moves.Enqueue((tunnel, remote));
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        Assert.Equal("before", Send(_sites.B, _sites.A, "before"));
        _sites.Network.Remap(InsideA, NewMapping);

        Assert.Equal("a after", Send(_sites.A, _sites.B, "a after"));
        Assert.Equal("b after", Send(_sites.B, _sites.A, "b after"));

        TunnelStatistics tunnel = Assert.Single(_sites.B.Engine.GetTunnelStatistics());
        Assert.Equal((1L, "192.0.2.1:61000"), (tunnel.Rebindings, tunnel.Peer));
        // The IKE daemon hears of it, so its IKE SA follows before the next rekey.
        Assert.Equal([("to-a", new IPEndPoint(IPAddress.Parse(TwoSites.WanA), 61000))], moves);
    }

    [Fact]
    public void ForgedOrReplayedPacketsFromElsewhere_DoNotMoveThePeer()
    {
        int moves = 0;
        _sites.B.Engine.PeerRebound += (_, _) => Interlocked.Increment(ref moves);
        _sites.Connect(IpsecProtocol.Esp, IpsecMode.Tunnel, udp: true);
        int before = _sites.Network.Wire.Count;
        Assert.Equal("seen", Send(_sites.A, _sites.B, "seen"));
        byte[] valid = _sites.Network.Wire.Skip(before).Last();
        byte[] forged = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(4), 77); // RFC 4303 §2: a new sequence number, so only the ICV stops it
        NetEndpoint attacker = Endpoint("203.0.113.66", 4500);

        _sites.B.Udp.Enqueue(valid, attacker);
        _sites.B.Udp.Enqueue(forged, attacker);

        // B's receive thread handles them on its own; once both are counted, B has decided.
        SaStatistics Inbound() => Assert.Single(_sites.B.Engine.GetSaStatistics(), s => s.Inbound);
        TwoSites.WaitFor(() => Inbound().Replayed + Inbound().AuthFailed == 2, TimeSpan.FromSeconds(30));
        Assert.Equal((1L, 1L), (Inbound().Replayed, Inbound().AuthFailed));
        Assert.Equal("still here", Send(_sites.B, _sites.A, "still here"));
        TunnelStatistics tunnel = Assert.Single(_sites.B.Engine.GetTunnelStatistics());
        Assert.Equal((0L, "192.0.2.1:4500"), (tunnel.Rebindings, tunnel.Peer));
        Assert.Equal(0, Volatile.Read(ref moves));
    }

    /// <summary>From one site's LAN to the other's; returns the payload that came out of the other TUN.</summary>
    private static string Send(TwoSites.Site from, TwoSites.Site to, string text)
    {
        bool fromA = from.Tun == to.Tun ? throw new ArgumentException("two sites") : from.Udp.LocalEndPoint == InsideA;
        (string source, string destination) = fromA ? ("198.18.1.5", "198.18.2.7") : ("198.18.2.7", "198.18.1.5");
        from.Tun.Inject(PacketFactory.UdpV4(IPAddress.Parse(source), IPAddress.Parse(destination), System.Text.Encoding.ASCII.GetBytes(text)));
        Assert.True(to.Tun.Written.TryTake(out byte[]? packet, TimeSpan.FromSeconds(30)), $"'{text}' never came out of the other TUN");
        return System.Text.Encoding.ASCII.GetString(packet.AsSpan(28)); // IPv4 (20) + UDP (8) headers
    }

    private static NetEndpoint Endpoint(string address, int port) => NetEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(address), port));
}
