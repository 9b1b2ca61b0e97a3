using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReceiptScanStationHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Station",
                table: "ReceiptScans",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReceiptScans_Station_At",
                table: "ReceiptScans",
                columns: new[] { "Station", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReceiptScans_Station_At",
                table: "ReceiptScans");

            migrationBuilder.DropColumn(
                name: "Station",
                table: "ReceiptScans");
        }
    }
}
