using Kyoten.Controller.Compilation;
using Kyoten.Controller.Data;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Security;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Hosting;

/// <summary>First-start state every replica needs: the CA, the default policy and the topology row.</summary>
internal static class FleetBootstrapper
{
    private const long SeedLockKey = 0x4b79_6f74_0003;

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<CertificateAuthority>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KyotenDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken).ConfigureAwait(false);
        if (!await db.Policies.AnyAsync(p => p.IsDefault, cancellationToken).ConfigureAwait(false))
        {
            var policy = DefaultPolicy.Create();
            policy.Id = Guid.CreateVersion7();
            policy.UpdatedAt = now;
            db.Policies.Add(policy);
        }

        if (!await db.Topology.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            db.Topology.Add(new TopologySettings { Mode = TopologyMode.FullMesh, UpdatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
