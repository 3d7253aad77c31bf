using System.Net;
using Kyoten.Controller.Tests.Infrastructure;
using Kyoten.Testing.Postgres;
using Npgsql;

namespace Kyoten.Controller.Tests.Foundation;

public sealed class HealthTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Healthz_WithDatabaseReachable_Returns200WithoutSignIn()
    {
        await using var factory = new ControllerFactory(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken));
        using var client = factory.CreateBrowserClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Healthz_WhenDatabaseIsGone_Returns503()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var factory = new ControllerFactory(connectionString);
        using var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(postgres.Cluster.AdminConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
