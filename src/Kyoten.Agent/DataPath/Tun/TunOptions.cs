namespace Kyoten.Agent.DataPath.Tun;

/// <summary>How to create the TUN device.</summary>
/// <param name="Name">Interface name, e.g. <c>kyt0</c>.</param>
/// <param name="Mtu">MTU of the clear side; leaves room for ESP, UDP and the outer IP header.</param>
/// <param name="Offloads">Use IFF_VNET_HDR with TSO/USO so one read returns a 64 KB super-packet.</param>
internal sealed record TunOptions(string Name, int Mtu = 1400, bool Offloads = true);
