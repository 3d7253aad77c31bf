using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Hosting;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Agents;

/// <summary>
/// Re-issues an agent's certificate for the same public key when it nears expiry (the private key
/// never leaves the agent, so no new CSR is needed). The old certificate stays valid until it expires.
/// </summary>
internal sealed class CertificateRenewer(IServiceScopeFactory scopes, CertificateAuthority ca, TimeProvider time, IOptions<KyotenOptions> options)
{
    public async Task<byte[]?> RenewIfDueAsync(Guid agentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var agent = await db.Agents.Include(a => a.Site).SingleAsync(a => a.Id == agentId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (agent.CertificateExpiresAt - now > TimeSpan.FromDays(options.Value.AgentRenewBeforeDays))
        {
            return null;
        }

        using var current = X509CertificateLoader.LoadCertificate(agent.CertificateDer);
        using var renewed = ca.IssueAgentCertificate(current.PublicKey, agent.Site!.Name);
        agent.PreviousCertificateFingerprint = agent.CertificateFingerprint;
        agent.PreviousCertificateExpiresAt = agent.CertificateExpiresAt;
        agent.CertificateFingerprint = Convert.ToHexString(SHA256.HashData(renewed.RawData));
        agent.CertificateDer = renewed.RawData;
        agent.CertificateExpiresAt = renewed.NotAfter.ToUniversalTime();
        db.Events.Add(new FleetEvent { At = now, AgentId = agent.Id, SiteId = agent.SiteId, Kind = FleetEventKind.CertificateRenewed, Detail = $"valid until {agent.CertificateExpiresAt:O}" });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return renewed.RawData;
    }
}
