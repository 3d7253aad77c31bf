using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Kyoten.Controller.Agents;
using Kyoten.Controller.Data;
using Kyoten.Controller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Kyoten.Testing.Postgres;
using Body = Kyoten.Contracts.Agent.V1.ControllerMessage.BodyOneofCase;

namespace Kyoten.Controller.Tests.Agents;

public sealed class RenewalTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CertificateNearExpiry_IsRenewedOnTheStream_ForTheSameKey_AndTheOldOneStillConnects()
    {
        // Certificates last 2 days and are renewed 30 days before expiry: renewal is due at once.
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct),
            new Dictionary<string, string?> { ["Kyoten:AgentCertificateDays"] = "2", ["Kyoten:AgentRenewBeforeDays"] = "30" });
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);

        await agent.ConnectAsync(0, Ct);
        var renewal = (await agent.NextAsync(Body.Renewal, Ct)).Renewal;

        using var renewed = X509CertificateLoader.LoadCertificate(renewal.Certificate.ToByteArray());
        Assert.NotEqual(agent.Certificate.RawData, renewed.RawData);
        Assert.Equal(agent.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("tokyo.sites.kyoten", renewed.GetNameInfo(X509NameType.DnsName, false));

        // The agent missed it (say the stream broke): reconnecting with the old certificate works and gets the new one again.
        await agent.Stream!.RequestStream.CompleteAsync();
        agent.Stream.Dispose();
        await agent.ConnectAsync(0, Ct);
        var again = (await agent.NextAsync(Body.Renewal, Ct)).Renewal;
        Assert.Equal(renewed.RawData, again.Certificate.ToByteArray());
    }

    [Fact]
    public async Task LongConnectedAgent_GetsItsRenewalPushedByTheSweep_WithoutReconnecting()
    {
        // Default validity (90 days, renewed 30 days before expiry): nothing is due at connect.
        await using var controller = new LiveController(await postgres.CreateDatabaseAsync(cancellationToken: Ct));
        using var api = await ApiAccess.ClientAsync(controller, "admin", controller.HttpAddress);
        var tokyo = await Fleet.AddSiteAsync(api, "tokyo", "192.0.2.1", "198.18.1.0/24");
        await using var agent = await TestAgent.EnrollAsync(controller.AgentAddress, await Fleet.TokenAsync(api, tokyo.Site.Id), Ct);
        await agent.ConnectAsync(0, Ct);
        await agent.NextAsync(Body.Config, Ct);
        var sweep = controller.Services.GetRequiredService<RenewalSweep>();
        Assert.Equal(0, await sweep.SweepAsync(Ct));

        // Weeks later, on the same stream: the stored expiry is what makes a certificate due.
        await using (var scope = controller.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            var soon = DateTimeOffset.UtcNow.AddDays(10);
            await db.Agents.ExecuteUpdateAsync(s => s.SetProperty(a => a.CertificateExpiresAt, soon), Ct);
        }

        Assert.Equal(1, await sweep.SweepAsync(Ct));
        var renewal = (await agent.NextAsync(Body.Renewal, Ct)).Renewal;
        using var renewed = X509CertificateLoader.LoadCertificate(renewal.Certificate.ToByteArray());
        Assert.NotEqual(agent.Certificate.RawData, renewed.RawData);
        Assert.Equal(agent.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        await using (var scope = controller.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<KyotenDbContext>().Agents.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(renewed.RawData)), stored.CertificateFingerprint);
            Assert.True(stored.CertificateExpiresAt > DateTimeOffset.UtcNow.AddDays(80));
        }

        // The renewed certificate is not due, so the next sweep issues nothing.
        Assert.Equal(0, await sweep.SweepAsync(Ct));
    }
}
