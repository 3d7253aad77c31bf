using Kyoten.Controller.Data;
using Kyoten.Testing.Postgres;
using Kyoten.Testing.Processes;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kyoten.Controller.Tests.Foundation;

public sealed class MigrationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_FromEmpty_MatchTheModel()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        await using var db = new KyotenDbContext(new DbContextOptionsBuilder<KyotenDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsAssembly("Kyoten.Migrations")).Options);

        await db.Database.MigrateAsync(Ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        // A model change without its migration would make this true.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task MigrateCommand_OnEmptyDatabase_AppliesEverything_AndIsIdempotent()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var dll = Path.Combine(AppContext.BaseDirectory, "Kyoten.Controller.dll");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Kyoten"] = connectionString };

        var first = await ProcessRunner.RunAsync("dotnet", [dll, "migrate"], TimeSpan.FromMinutes(2), environment, Ct);
        var second = await ProcessRunner.RunAsync("dotnet", [dll, "migrate"], TimeSpan.FromMinutes(2), environment, Ct);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied", first.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.StandardOutput, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("select count(*) from \"AspNetUsers\"", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Controller_WithoutMigrateOnStart_RefusesAnOutdatedSchema()
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        var dll = Path.Combine(AppContext.BaseDirectory, "Kyoten.Controller.dll");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Kyoten"] = connectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        var run = await ProcessRunner.RunAsync("dotnet", [dll], TimeSpan.FromMinutes(2), environment, Ct);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("migrate", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }
}
