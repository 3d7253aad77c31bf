namespace Kyoten.Ike.Config;

/// <summary>When our CERT payloads go into IKE_AUTH (strongSwan's send_cert).</summary>
public enum CertificateSendPolicy
{
    /// <summary>Only when the peer sent CERTREQ (RFC 7296 §2.15: CERT is sent in reply to a request); the default.</summary>
    IfRequested,

    /// <summary>Always, for peers that hold no CAs of their own to ask with but still need the certificate.</summary>
    Always,

    /// <summary>Never: the peer has our certificate already.</summary>
    Never,
}
