using Kyoten.Controller.Data;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Hosting;

/// <summary><c>Kyoten.Controller migrate</c>: applies pending migrations and exits, for deployments
/// that run schema changes as their own step (the compose file's one-shot service).</summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var pending = await db.PendingMigrationsAsync().ConfigureAwait(false);
        await db.Database.MigrateAsync().ConfigureAwait(false);
        Console.WriteLine(pending.Count == 0
            ? "kyoten: database schema is up to date"
            : $"kyoten: applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return 0;
    }
}
