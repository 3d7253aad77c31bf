using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>AH transport mode as raw IP protocol 51: the ICV covers the immutable fields of the hosts' own IPv4 header.</summary>
public sealed class NamespaceTunnelAhTransportTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;

    protected override IpsecProtocol Protocol => IpsecProtocol.Ah;

    protected override IpsecMode Mode => IpsecMode.Transport;
}
