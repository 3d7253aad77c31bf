using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP transport mode as raw IP protocol 50: host to host, original addresses kept.</summary>
public sealed class NamespaceTunnelEspTransportTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;

    protected override IpsecProtocol Protocol => IpsecProtocol.Esp;

    protected override IpsecMode Mode => IpsecMode.Transport;
}
