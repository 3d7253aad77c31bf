using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kyoten.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TunnelUnknownSpi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DropsUnknownSpi",
                table: "TunnelSamples",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DropsUnknownSpi",
                table: "TunnelSamples");
        }
    }
}
