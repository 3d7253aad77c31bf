using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.HasIndex(a => a.SiteId).IsUnique();
        builder.HasIndex(a => a.CertificateFingerprint).IsUnique();
        builder.HasOne(a => a.Site).WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.CertificateFingerprint).HasMaxLength(64);
        builder.Property(a => a.PreviousCertificateFingerprint).HasMaxLength(64);
        builder.Property(a => a.ConfigHash).HasMaxLength(64);
        builder.Property(a => a.Version).HasMaxLength(64);
        builder.Property(a => a.LastError).HasMaxLength(8000);
        builder.Property(a => a.ConnectionState).HasConversion<string>().HasMaxLength(16);
        // Columns "Ike<Counter>" so the batched unnest UPDATE in the ingest can name them.
        builder.OwnsOne(a => a.IkeStatistics, ike =>
        {
            foreach (var property in ike.OwnedEntityType.GetProperties().Where(p => !p.IsShadowProperty()))
            {
                ike.Property(property.Name).HasColumnName("Ike" + property.Name);
            }
        });
    }
}
