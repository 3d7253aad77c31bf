using Kyoten.Controller.Data.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class SiteLinkConfiguration : IEntityTypeConfiguration<SiteLink>
{
    public void Configure(EntityTypeBuilder<SiteLink> builder)
    {
        builder.HasIndex(l => new { l.SiteAId, l.SiteBId }).IsUnique();
        builder.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteAId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Site>().WithMany().HasForeignKey(l => l.SiteBId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CryptoPolicy>().WithMany().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Restrict);
    }
}
