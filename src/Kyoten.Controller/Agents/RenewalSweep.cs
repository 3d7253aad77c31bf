using Kyoten.Controller.Data;
using Kyoten.Controller.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kyoten.Controller.Agents;

/// <summary>
/// Renews the certificates of agents that stay connected for weeks: without it a certificate was
/// renewed only at (re)connect, so a long-lived stream ran into expiry. Hourly (TimeProvider-driven),
/// over this replica's streams; the renewal goes out on the stream like the one at connect.
/// </summary>
internal sealed partial class RenewalSweep(
    AgentSessionRegistry registry,
    CertificateRenewer renewer,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<KyotenOptions> options,
    ILogger<RenewalSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            // One failed sweep (database gone, a signing error) must not end the background service,
            // which would stop the whole controller; the next tick tries again.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    /// <summary>Returns how many connected agents were handed a certificate.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var sessions = registry.Sessions.ToDictionary(s => s.AgentId);
        if (sessions.Count == 0)
        {
            return 0;
        }

        var ids = sessions.Keys.ToList();
        var dueBy = time.GetUtcNow().AddDays(options.Value.AgentRenewBeforeDays);
        List<DueAgent> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
            due = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id) && a.RevokedAt == null && a.CertificateExpiresAt <= dueBy)
                .Select(a => new DueAgent(a.Id, a.CertificateFingerprint, a.CertificateDer)).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var handed = 0;
        foreach (var agent in due)
        {
            var session = sessions[agent.Id];
            // A stream still on the certificate before the current one missed a renewal: hand it the
            // current one. Renewing again would retire the certificate it is connected with.
            var certificate = session.Fingerprint == agent.Fingerprint
                ? await renewer.RenewIfDueAsync(agent.Id, cancellationToken).ConfigureAwait(false)
                : agent.CertificateDer;
            if (certificate is not null)
            {
                session.PushRenewal(certificate);
                handed++;
            }
        }

        return handed;
    }

    private sealed record DueAgent(Guid Id, string Fingerprint, byte[] CertificateDer);

    [LoggerMessage(EventId = 4405, Level = LogLevel.Warning, Message = "Certificate renewal sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
