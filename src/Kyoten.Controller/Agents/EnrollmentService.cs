using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Telemetry;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Agents;

/// <summary>
/// Token + CSR in, certificate out. Everything is checked before anything is written; the token
/// is burned with a conditional UPDATE in the same transaction that stores the agent, so two
/// agents racing on a one-time token cannot both win.
/// </summary>
internal sealed partial class EnrollmentService(
    KyotenDbContext db,
    CertificateAuthority ca,
    FleetReconciler reconciler,
    TimeProvider time,
    ILogger<EnrollmentService> logger)
{
    private const int MaxCsrBytes = 16 * 1024;

    public async Task<EnrollResponse> EnrollAsync(EnrollRequest request, CancellationToken cancellationToken)
    {
        if (!EnrollmentTokenFormat.TryParse(request.Token, out var caHash, out var secretHash))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "malformed enrollment token"));
        }

        if (caHash != ca.CertificateHash)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token was issued by another controller"));
        }

        var now = time.GetUtcNow();
        var token = await db.EnrollmentTokens.Include(t => t.Site).SingleOrDefaultAsync(t => t.SecretHash == secretHash, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "unknown enrollment token"));
        if (token.RevokedAt is not null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token revoked"));
        }

        if (token.ExpiresAt <= now)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token expired"));
        }

        if (token.Uses >= token.MaxUses)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token already used"));
        }

        var publicKey = ReadCsr(request.Csr);
        var site = token.Site!;
        using var certificate = ca.IssueAgentCertificate(publicKey, site.Name);
        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var burned = await db.EnrollmentTokens
            .Where(t => t.Id == token.Id && t.Uses < t.MaxUses && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Uses, t => t.Uses + 1), cancellationToken).ConfigureAwait(false);
        if (burned != 1)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token already used"));
        }

        // One agent per site: re-enrolling replaces the certificate (the old one stops working at once).
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.SiteId == site.Id, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            agent = new Agent { Id = Guid.CreateVersion7(), SiteId = site.Id, CertificateFingerprint = fingerprint, CertificateDer = certificate.RawData };
            db.Agents.Add(agent);
        }

        agent.CertificateFingerprint = fingerprint;
        agent.CertificateDer = certificate.RawData;
        agent.CertificateExpiresAt = certificate.NotAfter.ToUniversalTime();
        agent.PreviousCertificateFingerprint = null;
        agent.PreviousCertificateExpiresAt = null;
        agent.RevokedAt = null;
        agent.EnrolledAt = now;
        agent.Version = Clip(request.AgentVersion, 64);
        db.Events.Add(new FleetEvent { At = now, SiteId = site.Id, AgentId = agent.Id, Kind = FleetEventKind.AgentEnrolled, Detail = $"certificate {fingerprint[..16]}" });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await reconciler.ReconcileAsync(db, cancellationToken, agent.Id).ConfigureAwait(false);
        // A stream still open with a replaced certificate is kicked by the refresh this triggers.
        await FleetReconciler.NotifyAsync(db, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogEnrolled(logger, site.Name, agent.Id);

        return new EnrollResponse
        {
            AgentId = agent.Id.ToString(),
            SiteName = site.Name,
            Certificate = ByteString.CopyFrom(certificate.RawData),
            CaChain = { ByteString.CopyFrom(ca.Certificate.RawData) },
        };
    }

    private static PublicKey ReadCsr(ByteString csr)
    {
        if (csr.Length == 0 || csr.Length > MaxCsrBytes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "CSR missing or too large"));
        }

        try
        {
            // Verifies the CSR's self-signature (proof of possession); nothing else of it is used.
            var request = CertificateRequest.LoadSigningRequest(csr.ToByteArray(), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
            return request.PublicKey;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "CSR is not a valid, correctly signed PKCS#10 request"));
        }
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..max] : text;

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Agent {AgentId} enrolled for site {Site}")]
    private static partial void LogEnrolled(ILogger logger, string site, Guid agentId);
}
