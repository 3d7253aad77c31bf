using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class ChildSaSampleConfiguration : IEntityTypeConfiguration<ChildSaSample>
{
    public void Configure(EntityTypeBuilder<ChildSaSample> builder)
    {
        builder.HasIndex(s => new { s.AgentId, s.Tunnel, s.At });
        builder.HasIndex(s => s.At);
        builder.Property(s => s.Tunnel).HasMaxLength(200);
    }
}
