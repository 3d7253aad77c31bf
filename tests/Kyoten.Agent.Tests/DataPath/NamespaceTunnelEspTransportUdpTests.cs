using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP transport mode in UDP 4500 (RFC 3948 §3.1): the receiver rebuilds the IP header the socket stripped.</summary>
public sealed class NamespaceTunnelEspTransportUdpTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => true;

    protected override IpsecProtocol Protocol => IpsecProtocol.Esp;

    protected override IpsecMode Mode => IpsecMode.Transport;
}
