using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP tunnel mode as raw IP protocol 50 over an IPv6 WAN, IPv6 LANs (IPV6_HDRINCL; the receiver gets no IPv6 header).</summary>
public sealed class NamespaceTunnelEspTunnelIPv6Tests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;

    protected override IpsecProtocol Protocol => IpsecProtocol.Esp;

    protected override IpsecMode Mode => IpsecMode.Tunnel;

    protected override bool IPv6 => true;
}
