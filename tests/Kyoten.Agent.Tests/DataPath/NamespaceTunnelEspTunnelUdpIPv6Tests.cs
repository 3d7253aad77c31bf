using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP tunnel mode in UDP 4500 over an IPv6 WAN, IPv6 LANs.</summary>
public sealed class NamespaceTunnelEspTunnelUdpIPv6Tests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => true;

    protected override IpsecProtocol Protocol => IpsecProtocol.Esp;

    protected override IpsecMode Mode => IpsecMode.Tunnel;

    protected override bool IPv6 => true;
}
