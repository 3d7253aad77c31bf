using System.Security.Claims;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Api;
using Kyoten.Controller.Auditing;
using Kyoten.Controller.Compilation;
using Kyoten.Controller.Dashboard;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Identity;
using Kyoten.Controller.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kyoten.Dashboard.Tests.Infrastructure;

/// <summary>Puts sites, agents and telemetry into a live controller through its own code paths.</summary>
internal static class Fleet
{
    public static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "test-admin"), new Claim(ClaimTypes.Role, KyotenRoles.Admin)], "test"));

    /// <summary>Through the REST API's own handler (validation, audit, reconcile).</summary>
    public static async Task<Guid> AddSiteAsync(IServiceProvider services, string name, string subnet, string? wan, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var result = CommandResult<SiteCreated>.From(await SiteEndpoints.CreateAsync(new SiteInput(name, "", wan, [subnet], "mesh", "managed", null, null, null),
            sp.GetRequiredService<KyotenDbContext>(), sp.GetRequiredService<FleetReconciler>(), sp.GetRequiredService<AuditRecorder>(),
            sp.GetRequiredService<IDataProtectionProvider>(), sp.GetRequiredService<TimeProvider>(), Admin, ct));
        Assert.True(result.Succeeded, result.FirstError);
        return result.Value!.Site.Id;
    }

    /// <summary>An enrolled, connected agent row (what enrollment leaves behind), then a reconcile so it gets a config revision.</summary>
    public static async Task<Guid> AddAgentAsync(IServiceProvider services, Guid siteId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(),
            SiteId = siteId,
            CertificateFingerprint = Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            CertificateDer = [0x30],
            CertificateExpiresAt = now.AddDays(90),
            EnrolledAt = now,
            LastSeenAt = now,
            Version = "0.1.0-test",
            ConnectionState = AgentConnectionState.Connected,
        };
        db.Agents.Add(agent);
        await scope.ServiceProvider.GetRequiredService<FleetReconciler>().SaveAsync(db, ct);
        return agent.Id;
    }

    /// <summary>Hands a report to the real ingest queue and waits until the writer has committed it.</summary>
    public static async Task ReportAsync(IServiceProvider services, Guid agentId, Guid siteId, TelemetryReport report, CancellationToken ct)
    {
        await services.GetRequiredService<TelemetryQueue>().EnqueueAsync(new IngestItem.Report(agentId, siteId, services.GetRequiredService<TimeProvider>().GetUtcNow(), report), ct);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(report.UnixMillis);
        var tunnel = report.Tunnels[0].Tunnel;
        await WaitForAsync(services, async db => await db.TunnelSamples.AnyAsync(s => s.AgentId == agentId && s.Tunnel == tunnel && s.At == at, ct), ct);
    }

    /// <summary>Re-checks a condition each time the fleet signal fires (telemetry written, NOTIFY) until it holds.</summary>
    public static async Task WaitForAsync(IServiceProvider services, Func<KyotenDbContext, Task<bool>> condition, CancellationToken ct)
    {
        var signal = services.GetRequiredService<FleetSignal>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged() => fired.TrySetResult();
            signal.Changed += OnChanged;
            try
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    if (await condition(scope.ServiceProvider.GetRequiredService<KyotenDbContext>()))
                    {
                        return;
                    }
                }

                await fired.Task.WaitAsync(timeout.Token);
            }
            finally
            {
                signal.Changed -= OnChanged;
            }
        }
    }

    public static TelemetryReport Report(DateTimeOffset now, string tunnel, ulong bytesIn, ulong bytesOut, string ikeAlgorithms = "aes256gcm16-prfsha256-x25519")
    {
        var status = new TunnelStatus
        {
            Tunnel = tunnel,
            PeerAddress = "192.0.2.20",
            IkeState = "ESTABLISHED",
            IkeAlgorithms = ikeAlgorithms,
            IkeSpiI = 0x1122334455667788,
            IkeSpiR = 0x99aabbccddeeff00,
            EstablishedUnix = now.AddMinutes(-30).ToUnixTimeSeconds(),
            NextRekeyUnix = now.AddMinutes(10).ToUnixTimeSeconds(),
            ExpiresUnix = now.AddHours(3).ToUnixTimeSeconds(),
            IkeRekeys = 2,
        };
        status.ChildSas.Add(new ChildSaStatus
        {
            SpiIn = 0xc0ffee01,
            SpiOut = 0xc0ffee02,
            Algorithms = "aes256gcm16",
            Protocol = "esp",
            Mode = "tunnel",
            EstablishedUnix = now.AddMinutes(-5).ToUnixTimeSeconds(),
            NextRekeyUnix = now.AddMinutes(40).ToUnixTimeSeconds(),
            ExpiresUnix = now.AddMinutes(60).ToUnixTimeSeconds(),
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            PacketsIn = bytesIn / 1000,
            PacketsOut = bytesOut / 1000,
            Drops = new DropCounters { Replayed = 3 },
            Rekeys = 1,
        });
        return new TelemetryReport { UnixMillis = now.ToUnixTimeMilliseconds(), Tunnels = { status } };
    }
}
