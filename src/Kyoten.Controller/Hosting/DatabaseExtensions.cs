using Kyoten.Controller.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Kyoten.Controller.Hosting;

internal static class DatabaseExtensions
{
    public const string ConnectionStringName = "Kyoten";
    private const string MigrationsAssembly = "Kyoten.Migrations";

    public static void AddKyotenDatabase(this WebApplicationBuilder builder)
    {
        // Read when the first context is made, so hosts that add configuration late (tests) work.
        void Configure(IServiceProvider services, DbContextOptionsBuilder options)
        {
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionStringName} is not set (environment ConnectionStrings__{ConnectionStringName}).");
            }

            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));
        }

        builder.Services.AddDbContext<KyotenDbContext>(Configure);
        builder.Services.AddDbContextFactory<KyotenDbContext>(Configure, ServiceLifetime.Scoped);

        // The key ring lives in PostgreSQL so every replica can read what another protected.
        builder.Services.AddDataProtection()
            .SetApplicationName("Kyoten")
            .PersistKeysToDbContext<KyotenDbContext>();

        builder.Services.AddHealthChecks().AddDbContextCheck<KyotenDbContext>("postgresql");
    }

    public static void MapKyotenHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous();
    }

    /// <summary>Migrates when configured, refuses to run on an outdated schema, seeds the first admin.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KyotenOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync().ConfigureAwait(false);
        }
        else
        {
            var pending = await db.PendingMigrationsAsync().ConfigureAwait(false);
            if (pending.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The database lacks {pending.Count} migration(s) ({pending[^1]}): run 'Kyoten.Controller migrate' or set Kyoten:MigrateOnStart=true.");
            }
        }

        await scope.ServiceProvider.GetRequiredService<Identity.AdminBootstrapper>().EnsureFirstAdminAsync().ConfigureAwait(false);
        await FleetBootstrapper.EnsureAsync(app.Services, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Pending migrations, without EF's failing query against a history table that an empty
    /// database does not have yet (it logs that as an error).
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this KyotenDbContext db)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync().ConfigureAwait(false))
        {
            return db.Database.GetMigrations().ToList();
        }

        return (await db.Database.GetPendingMigrationsAsync().ConfigureAwait(false)).ToList();
    }
}
