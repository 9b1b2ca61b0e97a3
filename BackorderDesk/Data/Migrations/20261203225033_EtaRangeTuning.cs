using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class EtaRangeTuning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EtaRangeFromDays",
                table: "Suppliers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EtaRangeHighPercentile",
                table: "Suppliers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<int>(
                name: "EtaRangeLowPercentile",
                table: "Suppliers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 50);

            migrationBuilder.AddColumn<int>(
                name: "EtaRangeToDays",
                table: "Suppliers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstEtaArrival",
                table: "OrderLines",
                type: "TEXT",
                nullable: true);

            // Every supplier starts at P50–P90, the pair its ranges were already widened by.
            migrationBuilder.Sql("UPDATE \"Suppliers\" SET \"EtaRangeFromDays\" = \"LatenessP50Days\", \"EtaRangeToDays\" = \"LatenessP90Days\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EtaRangeFromDays",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "EtaRangeHighPercentile",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "EtaRangeLowPercentile",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "EtaRangeToDays",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "FirstEtaArrival",
                table: "OrderLines");
        }
    }
}
