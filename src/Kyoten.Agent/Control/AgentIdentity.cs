using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Control;

/// <summary>What enrollment produced: who this agent is, its certificate with key, and the controller it trusts.</summary>
internal sealed class AgentIdentity(IdentityInfo info, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> caChain)
{
    public IdentityInfo Info { get; } = info;

    /// <summary>The agent's certificate with its private key attached.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    public IReadOnlyList<X509Certificate2> CaChain { get; } = caChain;

    public byte[] CaHash => Convert.FromHexString(Info.CaSha256);

    public Uri Controller => new(Info.Controller);
}
