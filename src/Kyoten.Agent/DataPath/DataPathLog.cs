using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.DataPath;

/// <summary>Source-generated log messages of the data path (EventId 2xxx). Never per packet.</summary>
internal static partial class DataPathLog
{
    [LoggerMessage(2000, LogLevel.Information, "Data path started on {Tun} (offloads {Offloads}), NAT-T {Local}")]
    public static partial void Started(ILogger logger, string tun, bool offloads, string local);

    [LoggerMessage(2001, LogLevel.Information, "Tunnel {Tunnel}: SA installed, inbound SPI 0x{InboundSpi:x8}, outbound SPI 0x{OutboundSpi:x8}, {Protocol} {Mode}, peer {Peer}")]
    public static partial void SaInstalled(ILogger logger, string tunnel, uint inboundSpi, uint outboundSpi, string protocol, string mode, string peer);

    [LoggerMessage(2002, LogLevel.Information, "Tunnel {Tunnel}: SA removed, inbound SPI 0x{InboundSpi:x8}, outbound SPI 0x{OutboundSpi:x8}")]
    public static partial void SaRemoved(ILogger logger, string tunnel, uint inboundSpi, uint outboundSpi);

    [LoggerMessage(2003, LogLevel.Critical, "Data path thread {Thread} failed; packets in that direction stop")]
    public static partial void ThreadFailed(ILogger logger, string thread, Exception exception);

    [LoggerMessage(2004, LogLevel.Warning, "IKE datagram handler failed")]
    public static partial void IkeHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(2005, LogLevel.Information, "Data path stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(2006, LogLevel.Information, "Tunnel {Tunnel}: peer moved from {From} to {To} (NAT rebinding, authenticated ESP)")]
    public static partial void PeerRebound(ILogger logger, string tunnel, string from, string to);
}
