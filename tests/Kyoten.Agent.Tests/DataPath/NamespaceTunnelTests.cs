namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP in UDP 4500 with TUN TSO, UDP GSO/GRO and write coalescing: the production setup.</summary>
public sealed class NamespaceTunnelTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => true;
}
