using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Agents;

/// <summary>Who is on the other end of a stream: the client certificate must chain to our CA and belong to a live agent.</summary>
internal sealed class AgentAuthenticator(KyotenDbContext db, CertificateAuthority ca, TimeProvider time)
{
    public async Task<(Agent Agent, string Fingerprint, X509Certificate2 Certificate)> AuthenticateAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (!http.Request.IsHttps)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the agent API is served over TLS only"));
        }

        var certificate = http.Connection.ClientCertificate
            ?? await http.Connection.GetClientCertificateAsync(context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "client certificate required"));
        if (!ca.IsValidAgentCertificate(certificate))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "client certificate not issued by this controller, or expired"));
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        var now = time.GetUtcNow();
        var agent = await db.Agents.Include(a => a.Site).SingleOrDefaultAsync(
                a => a.CertificateFingerprint == fingerprint || (a.PreviousCertificateFingerprint == fingerprint && a.PreviousCertificateExpiresAt > now),
                context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "unknown or replaced certificate"));
        if (agent.RevokedAt is not null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "certificate revoked"));
        }

        return (agent, fingerprint, certificate);
    }
}
