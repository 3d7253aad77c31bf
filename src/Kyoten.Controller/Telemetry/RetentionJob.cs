using Kyoten.Controller.Data;
using Kyoten.Controller.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Telemetry;

/// <summary>Deletes telemetry and events past their retention, hourly (and once at start).</summary>
internal sealed partial class RetentionJob(IServiceScopeFactory scopes, TimeProvider time, IOptions<KyotenOptions> options, ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                LogPurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = time.GetUtcNow();
        var samples = now.AddDays(-options.Value.TelemetryRetentionDays);
        var events = now.AddDays(-options.Value.EventRetentionDays);
        var deleted = await db.TunnelSamples.Where(s => s.At < samples).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        deleted += await db.ChildSaSamples.Where(s => s.At < samples).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        deleted += await db.Events.Where(e => e.At < events).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Telemetry retention purge failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
