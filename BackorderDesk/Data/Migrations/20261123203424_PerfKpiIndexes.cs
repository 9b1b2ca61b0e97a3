using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerfKpiIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OrderLines_BackorderedAt",
                table: "OrderLines");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShippedAt_PromisedDate",
                table: "Orders",
                columns: new[] { "ShippedAt", "PromisedDate" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_BackorderedAt_OrderedQty_ShippedQty_CancelledQty_AllocatedQty",
                table: "OrderLines",
                columns: new[] { "BackorderedAt", "OrderedQty", "ShippedQty", "CancelledQty", "AllocatedQty" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_FilledAt_BackorderedAt",
                table: "OrderLines",
                columns: new[] { "FilledAt", "BackorderedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_OrderId_CancelledQty_AllocatedAtPlacementQty_OrderedQty_BackorderedAt",
                table: "OrderLines",
                columns: new[] { "OrderId", "CancelledQty", "AllocatedAtPlacementQty", "OrderedQty", "BackorderedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_ShippedAt_BackorderedAt_FirstEtaTo",
                table: "OrderLines",
                columns: new[] { "ShippedAt", "BackorderedAt", "FirstEtaTo" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_ShippedAt_PromisedDate",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_BackorderedAt_OrderedQty_ShippedQty_CancelledQty_AllocatedQty",
                table: "OrderLines");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_FilledAt_BackorderedAt",
                table: "OrderLines");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_OrderId_CancelledQty_AllocatedAtPlacementQty_OrderedQty_BackorderedAt",
                table: "OrderLines");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_ShippedAt_BackorderedAt_FirstEtaTo",
                table: "OrderLines");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_BackorderedAt",
                table: "OrderLines",
                column: "BackorderedAt");
        }
    }
}
