using System.Security.Cryptography;
using System.Text;
using Kyoten.Testing.Postgres;
using Kyoten.Testing.Processes;
using Npgsql;

namespace Kyoten.Controller.Tests.Foundation;

/// <summary><c>Kyoten.Controller create-api-token</c>, for automation without a browser session.</summary>
public sealed class ApiTokenCommandTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateApiToken_PrintsTheSecretOnce_StoresOnlyItsHash_AndAudits()
    {
        var (connectionString, run) = await MigratedAsync();

        var result = await run(["create-api-token", "--name", "provisioning", "--role", "viewer"]);

        Assert.Equal(0, result.ExitCode);
        var secret = result.StandardOutput.Trim();
        Assert.StartsWith("kyt_", secret, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var stored = new NpgsqlCommand("select \"Role\", \"SecretHash\" from \"ApiTokens\" where \"Name\" = 'provisioning'", connection);
        await using (var reader = await stored.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal("viewer", reader.GetString(0));
            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), (byte[])reader[1]);
        }

        await using var audit = new NpgsqlCommand("select count(*) from \"AuditLog\" where \"Action\" = 'api-token.create'", connection);
        Assert.Equal(1L, await audit.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task CreateApiToken_WithABadRole_SaysWhyAndWritesNothing()
    {
        var (connectionString, run) = await MigratedAsync();

        var result = await run(["create-api-token", "--name", "x", "--role", "root"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("role", result.StandardError, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("select count(*) from \"ApiTokens\"", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
    }

    private async Task<(string ConnectionString, Func<string[], Task<ProcessRunner.Result>> Run)> MigratedAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var dll = Path.Combine(AppContext.BaseDirectory, "Kyoten.Controller.dll");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Kyoten"] = connectionString };
        Task<ProcessRunner.Result> Run(string[] args) => ProcessRunner.RunAsync("dotnet", [dll, .. args], TimeSpan.FromMinutes(2), environment, Ct);
        (await Run(["migrate"])).EnsureSuccess("migrate");
        return (connectionString, Run);
    }
}
