namespace Kyoten.Controller.Data.Telemetry;

public enum FleetEventKind
{
    TunnelUp,
    TunnelDown,
    Rekeyed,
    RekeyFailed,
    AuthFailed,
    AgentConnected,
    AgentDisconnected,
    ConfigApplied,
    ConfigRejected,
    AgentEnrolled,
    AgentRevoked,
    CertificateRenewed,
    Other,
}
