using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class FleetEventConfiguration : IEntityTypeConfiguration<FleetEvent>
{
    public void Configure(EntityTypeBuilder<FleetEvent> builder)
    {
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.SiteId, e.At });
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Tunnel).HasMaxLength(200);
        builder.Property(e => e.Detail).HasMaxLength(4000);
    }
}
