namespace Kyoten.Agent.Tests.DataPath;

/// <summary>ESP as raw IP protocol 50 (no NAT-T), through the raw socket with IP_HDRINCL.</summary>
public sealed class NamespaceTunnelRawEspTests : NamespaceTunnelTestsBase
{
    protected override bool Offloads => true;

    protected override bool UdpEncapsulation => false;
}
