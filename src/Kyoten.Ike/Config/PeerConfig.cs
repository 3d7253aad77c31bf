using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Config;

/// <summary>One IKEv2 peer (one tunnel): addresses, identities, authentication, proposals, selectors, lifetimes.</summary>
public sealed record PeerConfig
{
    public required string Name { get; init; }

    /// <summary>Where we send from and listen on (port 500).</summary>
    public required IPEndPoint LocalEndPoint { get; init; }

    /// <summary>The peer's address and port 500; for a dynamic peer (responder only) use <see cref="IPAddress.Any"/>.</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    public required IkeIdentity LocalId { get; init; }

    /// <summary>The identity the peer must prove; null accepts any identity that authenticates.</summary>
    public IkeIdentity? RemoteId { get; init; }

    /// <summary>Pre-shared key; used when <see cref="Certificate"/> is null.</summary>
    public byte[]? PreSharedKey { get; init; }

    /// <summary>Our certificate with its private key, for RFC 7427 digital signature authentication.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Intermediate CA certificates between <see cref="Certificate"/> and a CA the peer trusts; sent
    /// after our certificate up to the CA the peer names in CERTREQ.
    /// </summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    /// <summary>When our certificate is sent (default: when the peer asks with CERTREQ).</summary>
    public CertificateSendPolicy SendCertificate { get; init; } = CertificateSendPolicy.IfRequested;

    /// <summary>CAs whose certificates authenticate the peer's certificate.</summary>
    public X509Certificate2Collection? TrustAnchors { get; init; }

    /// <summary>IKE proposals in strongSwan notation, strongest first, e.g. "aes256gcm16-prfsha256-x25519".</summary>
    public IReadOnlyList<string> IkeProposals { get; init; } = ["aes256gcm16-prfsha384-x25519", "aes256-sha256-ecp256"];

    /// <summary>CHILD proposals, strongest first, e.g. "aes256gcm16" or "aes256gcm16-x25519" for PFS on rekey.</summary>
    public IReadOnlyList<string> ChildProposals { get; init; } = ["aes256gcm16", "aes128-sha256"];

    public IReadOnlyList<TrafficSelectorConfig> LocalTrafficSelectors { get; init; } = ["0.0.0.0/0"];

    public IReadOnlyList<TrafficSelectorConfig> RemoteTrafficSelectors { get; init; } = ["0.0.0.0/0"];

    /// <summary>ESP or AH.</summary>
    public ProtocolId ChildProtocol { get; init; } = ProtocolId.Esp;

    public ChildMode Mode { get; init; } = ChildMode.Tunnel;

    public TimeSpan IkeLifetime { get; init; } = TimeSpan.FromHours(4);

    public TimeSpan ChildLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Volume limits per CHILD SA (0 = none), checked against what the host reports with
    /// <see cref="IkeEngine.ReportChildUsage"/>: reaching a rekey limit starts a rekey, reaching a
    /// lifetime limit deletes the CHILD SA (RFC 7296 §2.8: SAs expire "after a specified number of
    /// bytes"). The time-based lifetime stays in force alongside them.
    /// </summary>
    public long ChildRekeyBytes { get; init; }

    /// <inheritdoc cref="ChildRekeyBytes"/>
    public long ChildLifetimeBytes { get; init; }

    /// <inheritdoc cref="ChildRekeyBytes"/>
    public long ChildRekeyPackets { get; init; }

    /// <inheritdoc cref="ChildRekeyBytes"/>
    public long ChildLifetimePackets { get; init; }

    /// <summary>Rekey this long before a lifetime ends (make-before-break).</summary>
    public TimeSpan RekeyMargin { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>Up to this much is subtracted at random from each rekey time, so both ends rarely collide.</summary>
    public TimeSpan RekeyJitter { get; init; } = TimeSpan.Zero;

    /// <summary>Send an empty INFORMATIONAL when nothing arrived for this long; zero disables DPD.</summary>
    public TimeSpan DpdInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when this end starts the IKE SA (the dynamic-address side always does).</summary>
    public bool Initiator { get; init; }
}
