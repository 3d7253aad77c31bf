using System.Security.Cryptography.X509Certificates;
using Kyoten.Controller.Tests.Infrastructure;
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
}
