using Kyoten.Controller.Data.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kyoten.Controller.Data.Configurations;

internal sealed class CaKeyConfiguration : IEntityTypeConfiguration<CaKey>
{
    public void Configure(EntityTypeBuilder<CaKey> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
    }
}
