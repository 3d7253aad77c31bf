using Kyoten.Controller.Data.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class TunnelSampleConfiguration : IEntityTypeConfiguration<TunnelSample>
{
    public void Configure(EntityTypeBuilder<TunnelSample> builder)
    {
        builder.HasIndex(s => new { s.AgentId, s.Tunnel, s.At });
        builder.HasIndex(s => s.At);
        builder.Property(s => s.Tunnel).HasMaxLength(200);
    }
}
