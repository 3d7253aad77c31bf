using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>AH transport mode over IPv6: the receiver rebuilds the IPv6 header the raw socket withheld, and the ICV must still verify.</summary>
public sealed class NamespaceTunnelAhTransportIPv6Tests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;

    protected override IpsecProtocol Protocol => IpsecProtocol.Ah;

    protected override IpsecMode Mode => IpsecMode.Transport;

    protected override bool IPv6 => true;
}
