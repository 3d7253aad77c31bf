namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP in UDP 4500, one packet per TUN read/write and no GSO/GRO: the fallback path.</summary>
public sealed class NamespaceTunnelWithoutOffloadsTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => false;

    protected override bool UdpEncapsulation => true;
}
