using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kyoten.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AgentIkeStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "IkeAt",
                table: "Agents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeCookiesInvalid",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeCookiesSent",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeExchangesGivenUp",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeHalfOpenDropped",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeIntegrityFailures",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeMalformed",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeNoPeerConfig",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeOutOfWindow",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeRequestsReceived",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeRequestsSent",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeResponsesReceived",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeRetransmissions",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeRetransmittedResponses",
                table: "Agents",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "IkeUnknownSpi",
                table: "Agents",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IkeAt",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeCookiesInvalid",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeCookiesSent",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeExchangesGivenUp",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeHalfOpenDropped",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeIntegrityFailures",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeMalformed",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeNoPeerConfig",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeOutOfWindow",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeRequestsReceived",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeRequestsSent",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeResponsesReceived",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeRetransmissions",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeRetransmittedResponses",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "IkeUnknownSpi",
                table: "Agents");
        }
    }
}
