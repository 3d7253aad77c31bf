using Kyoten.Controller.Data.Identity;
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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KyotenDbContext).Assembly);
    }
}
