namespace Kyoten.Ike.Crypto;

/// <summary>Which SA a proposal is for; the transform rules differ (RFC 7296 §3.3.3).</summary>
public enum ProposalKind
{
    Ike,
    Esp,
    Ah,
}
