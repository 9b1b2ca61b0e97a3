using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class QuotedEta : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "QuotedEtaFrom",
                table: "OrderLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "QuotedEtaTo",
                table: "OrderLines",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QuotedEtaFrom",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "QuotedEtaTo",
                table: "OrderLines");
        }
    }
}
