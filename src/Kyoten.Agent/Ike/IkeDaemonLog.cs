using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Ike;

/// <summary>IKE daemon log messages (EventIds 1000–1099). Never keys, PSKs or nonces.</summary>
internal static partial class IkeDaemonLog
{
    [LoggerMessage(1000, LogLevel.Information, "IKE daemon listening on {Ike} and {NatT}")]
    public static partial void Listening(ILogger logger, string ike, string natT);

    [LoggerMessage(1001, LogLevel.Information, "Tunnel {Tunnel}: CHILD SA up, SPIs in 0x{InboundSpi:x8} out 0x{OutboundSpi:x8}, {Algorithms}")]
    public static partial void ChildUp(ILogger logger, string tunnel, uint inboundSpi, uint outboundSpi, string algorithms);

    [LoggerMessage(1002, LogLevel.Information, "Tunnel {Tunnel}: CHILD SA rekeyed, 0x{OldInboundSpi:x8} -> in 0x{InboundSpi:x8} out 0x{OutboundSpi:x8}")]
    public static partial void ChildRekeyed(ILogger logger, string tunnel, uint oldInboundSpi, uint inboundSpi, uint outboundSpi);

    [LoggerMessage(1003, LogLevel.Information, "Tunnel {Tunnel}: CHILD SA in 0x{InboundSpi:x8} out 0x{OutboundSpi:x8} deleted ({Reason})")]
    public static partial void ChildDeleted(ILogger logger, string tunnel, uint inboundSpi, uint outboundSpi, string reason);

    [LoggerMessage(1004, LogLevel.Information, "Tunnel {Tunnel}: IKE SA established with {Peer}, {Algorithms}, NAT {Nat}")]
    public static partial void IkeUp(ILogger logger, string tunnel, string peer, string algorithms, bool nat);

    [LoggerMessage(1005, LogLevel.Information, "Tunnel {Tunnel}: IKE SA rekeyed")]
    public static partial void IkeRekeyed(ILogger logger, string tunnel);

    [LoggerMessage(1006, LogLevel.Information, "Tunnel {Tunnel}: IKE SA down ({Reason})")]
    public static partial void IkeDown(ILogger logger, string tunnel, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Tunnel {Tunnel}: authentication failed ({Reason})")]
    public static partial void AuthFailed(ILogger logger, string tunnel, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "Tunnel {Tunnel}: exchange failed ({Reason})")]
    public static partial void ExchangeFailed(ILogger logger, string tunnel, string reason);

    [LoggerMessage(1009, LogLevel.Information, "Tunnel {Tunnel}: initiating again in {Delay}")]
    public static partial void Reconnecting(ILogger logger, string tunnel, TimeSpan delay);

    [LoggerMessage(1010, LogLevel.Error, "Tunnel {Tunnel}: CHILD SA 0x{InboundSpi:x8} cannot be installed: {Reason}")]
    public static partial void InstallFailed(ILogger logger, string tunnel, uint inboundSpi, string reason);

    [LoggerMessage(1011, LogLevel.Error, "IKE daemon loop step failed")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(1012, LogLevel.Warning, "IKE send to {Remote} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, string remote, string error);

    [LoggerMessage(1013, LogLevel.Information, "Tunnel {Tunnel}: added (initiator {Initiator})")]
    public static partial void TunnelAdded(ILogger logger, string tunnel, bool initiator);

    [LoggerMessage(1014, LogLevel.Information, "Tunnel {Tunnel}: removed")]
    public static partial void TunnelRemoved(ILogger logger, string tunnel);

    [LoggerMessage(1015, LogLevel.Information, "Tunnel {Tunnel}: outbound SA 0x{OutboundSpi:x8} reached its soft volume lifetime, rekeying")]
    public static partial void VolumeRekey(ILogger logger, string tunnel, uint outboundSpi);

    [LoggerMessage(1016, LogLevel.Warning, "Tunnel {Tunnel}: no CHILD SA {Timeout} after initiating; starting over")]
    public static partial void ConnectTimedOut(ILogger logger, string tunnel, TimeSpan timeout);

    [LoggerMessage(1017, LogLevel.Information, "Tunnel {Tunnel}: peer's NAT mapping moved to {Remote}; {IkeSas} IKE SA(s) follow")]
    public static partial void PeerMoved(ILogger logger, string tunnel, string remote, int ikeSas);
}
