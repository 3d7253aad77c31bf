using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class CryptoPolicyConfiguration : IEntityTypeConfiguration<CryptoPolicy>
{
    public void Configure(EntityTypeBuilder<CryptoPolicy> builder)
    {
        builder.HasIndex(p => p.Name).IsUnique();
        // At most one default policy, enforced by the database even across replicas.
        builder.HasIndex(p => p.IsDefault).IsUnique().HasFilter("\"IsDefault\"");
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.PfsGroup).HasMaxLength(32);
        builder.Property(p => p.Protocol).HasConversion<string>().HasMaxLength(8);
        builder.Property(p => p.Mode).HasConversion<string>().HasMaxLength(16);
    }
}
