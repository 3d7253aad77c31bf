using Kyoten.Controller.Data.Audit;
using Kyoten.Controller.Data.Fleet;
using Kyoten.Controller.Data.Identity;
using Kyoten.Controller.Data.Security;
using Kyoten.Controller.Data.Telemetry;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Kyoten.Controller.Data;

/// <summary>
/// The controller's whole state in PostgreSQL: admin users (ASP.NET Core Identity), the Data
/// Protection key ring, and the sites, keys, policies and telemetry of the fleet.
/// </summary>
public sealed class KyotenDbContext(DbContextOptions<KyotenDbContext> options)
    : IdentityDbContext<AdminUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<EnrollmentToken> EnrollmentTokens => Set<EnrollmentToken>();

    public DbSet<CryptoPolicy> Policies => Set<CryptoPolicy>();

    public DbSet<TopologySettings> Topology => Set<TopologySettings>();

    public DbSet<SiteLink> Links => Set<SiteLink>();

    public DbSet<CaKey> CaKeys => Set<CaKey>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<TunnelSample> TunnelSamples => Set<TunnelSample>();

    public DbSet<ChildSaSample> ChildSaSamples => Set<ChildSaSample>();

    public DbSet<FleetEvent> Events => Set<FleetEvent>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KyotenDbContext).Assembly);
    }
}
