using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Data;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Controller.Tests.Agents;

/// <summary>Enroll over the real TLS endpoint, the way an agent does it.</summary>
public sealed class EnrollmentTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enroll_WithFreshToken_IssuesCertificateForTheTokensSite_NotTheCsrSubject()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var site = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        var token = await Fleet.TokenAsync(api, site.Site.Id);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = TestAgent.Anonymous(controller.AgentAddress, token, out var channel);
        using var _ = channel;

        var response = await client.EnrollAsync(new EnrollRequest { Token = token, Csr = ByteString.CopyFrom(TestAgent.Csr(key, "CN=osaka.sites.kyoten")) }, cancellationToken: Ct);

        using var certificate = X509CertificateLoader.LoadCertificate(response.Certificate.ToByteArray());
        Assert.Equal("tokyo", response.SiteName);
        Assert.Equal("tokyo.sites.kyoten", certificate.GetNameInfo(X509NameType.DnsName, false));
        Assert.Contains("CN=tokyo.sites.kyoten", certificate.Subject, StringComparison.Ordinal);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        // The token pins exactly the CA that signed the certificate.
        var ca = X509CertificateLoader.LoadCertificate(response.CaChain[0].ToByteArray());
        Assert.Equal(token.Split('.')[1], TestAgent.Sha256B64Url(ca.RawData));
        Assert.Equal(ca.SubjectName.RawData, certificate.IssuerName.RawData);
    }

    [Fact]
    public async Task Enroll_TokenFormat_CarriesTheCaHash_AndOnlyItsHashIsStored()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var site = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");

        var created = await (await api.PostJsonAsync($"/api/sites/{site.Site.Id}/enrollment-tokens", new { })).ReadAsync<TokenCreatedDto>();

        var parts = created.Secret.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal("kyt1", parts[0]);
        Assert.Equal(created.CaCertificateSha256, parts[1]);
        await using var scope = controller.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var stored = await db.EnrollmentTokens.SingleAsync(Ct);
        var secret = Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/') + "=");
        Assert.Equal(SHA256.HashData(secret), stored.SecretHash);
    }

    [Fact]
    public async Task Enroll_Abuse_GetsClearStatuses_AndChangesNothing()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var site = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        var token = await Fleet.TokenAsync(api, site.Site.Id);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = TestAgent.Anonymous(controller.AgentAddress, token, out var channel);
        using var _ = channel;
        var csr = ByteString.CopyFrom(TestAgent.Csr(key));

        // A CSR that is garbage, or whose signature does not match, is refused before the token is touched.
        var garbage = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = token, Csr = ByteString.CopyFromUtf8("<script>not a csr") }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, garbage.StatusCode);
        var tampered = TestAgent.Csr(key);
        tampered[^5] ^= 0x01;
        var badSignature = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = token, Csr = ByteString.CopyFrom(tampered) }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badSignature.StatusCode);

        // Unknown token (right CA hash, secret never issued) and a malformed one.
        var unknown = $"kyt1.{token.Split('.')[1]}.{Convert.ToBase64String(new byte[32]).TrimEnd('=')}";
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = unknown, Csr = csr }, cancellationToken: Ct).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = "kyt1.x.y", Csr = csr }, cancellationToken: Ct).ResponseAsync)).StatusCode);

        await using (var scope = controller.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            Assert.Equal(0, (await db.EnrollmentTokens.SingleAsync(Ct)).Uses);
            Assert.Equal(0, await db.Agents.CountAsync(Ct));
        }

        // First use works; the second is refused.
        await client.EnrollAsync(new EnrollRequest { Token = token, Csr = csr }, cancellationToken: Ct);
        var reused = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = token, Csr = csr }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, reused.StatusCode);
        Assert.Contains("used", reused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_ExpiredOrRevokedToken_IsRefused()
    {
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var site = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        var expired = await Fleet.TokenAsync(api, site.Site.Id);
        var revoked = await (await api.PostJsonAsync($"/api/sites/{site.Site.Id}/enrollment-tokens", new { })).ReadAsync<TokenCreatedDto>();
        await using (var scope = controller.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            await db.EnrollmentTokens.Where(t => t.Id != revoked.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct);
        }

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/enrollment-tokens/{revoked.Token.Id}", Ct)).StatusCode);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = TestAgent.Anonymous(controller.AgentAddress, expired, out var channel);
        using var _ = channel;

        var e1 = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = expired, Csr = ByteString.CopyFrom(TestAgent.Csr(key)) }, cancellationToken: Ct).ResponseAsync);
        var e2 = await Assert.ThrowsAsync<RpcException>(() => client.EnrollAsync(new EnrollRequest { Token = revoked.Secret, Csr = ByteString.CopyFrom(TestAgent.Csr(key)) }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, e1.StatusCode);
        Assert.Contains("expired", e1.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, e2.StatusCode);
        Assert.Contains("revoked", e2.Status.Detail, StringComparison.Ordinal);
    }
}
