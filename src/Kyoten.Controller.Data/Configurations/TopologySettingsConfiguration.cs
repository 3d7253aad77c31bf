using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class TopologySettingsConfiguration : IEntityTypeConfiguration<TopologySettings>
{
    public void Configure(EntityTypeBuilder<TopologySettings> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Mode).HasConversion<string>().HasMaxLength(16);
    }
}
