using Kyoten.Esp;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>AH tunnel mode as raw IP protocol 51: authenticated, not encrypted.</summary>
public sealed class NamespaceTunnelAhTunnelTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;

    protected override IpsecProtocol Protocol => IpsecProtocol.Ah;

    protected override IpsecMode Mode => IpsecMode.Tunnel;
}
