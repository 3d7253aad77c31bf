namespace Kyoten.Controller.Data.Telemetry;

/// <summary>One report's view of one tunnel's IKE SA.</summary>
public sealed class TunnelSample
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid AgentId { get; set; }

    public Guid SiteId { get; set; }

    public required string Tunnel { get; set; }

    public string PeerAddress { get; set; } = "";

    public string IkeState { get; set; } = "";

    public string IkeAlgorithms { get; set; } = "";

    public long IkeSpiI { get; set; }

    public long IkeSpiR { get; set; }

    public DateTimeOffset? EstablishedAt { get; set; }

    public DateTimeOffset? NextRekeyAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public int IkeRekeys { get; set; }

    public bool NatDetected { get; set; }

    /// <summary>ESP from this tunnel's peer carrying an SPI no installed SA has (cumulative; belongs to no CHILD SA).</summary>
    public long DropsUnknownSpi { get; set; }
}
