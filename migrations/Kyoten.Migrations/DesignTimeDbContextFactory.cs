using Kyoten.Controller.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kyoten.Migrations;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without a running controller. The
/// connection string is never used to connect while scaffolding.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<KyotenDbContext>
{
    public KyotenDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<KyotenDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=kyoten_design", npgsql =>
                npgsql.MigrationsAssembly(typeof(DesignTimeDbContextFactory).Assembly.GetName().Name))
            .Options;
        return new KyotenDbContext(options);
    }
}
