using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class DesksPlanningAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OrderLines_BackorderedAt",
                table: "OrderLines");

            migrationBuilder.AddColumn<string>(
                name: "AbcClass",
                table: "Skus",
                type: "TEXT",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "DemandMean",
                table: "Skus",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "DemandStdDev",
                table: "Skus",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<bool>(
                name: "LeadTimeFromHistory",
                table: "Skus",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "LeadTimeMean",
                table: "Skus",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "LeadTimeStdDev",
                table: "Skus",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTime>(
                name: "PlanningComputedAt",
                table: "Skus",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ServiceLevel",
                table: "Skus",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

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

            migrationBuilder.AddColumn<string>(
                name: "EmailKey",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SurnameKey",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ExpediteRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpediteRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpediteRequests_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "InboundCounters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OpenLines = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundCounters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboundCounters_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RestockSubscriptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SkuId = table.Column<int>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestockSubscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestockSubscriptions_Skus_SkuId",
                        column: x => x.SkuId,
                        principalTable: "Skus",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WarehouseCounters",
                columns: table => new
                {
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOrders = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOrdersWaiting = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingLines = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    Skus = table.Column<int>(type: "INTEGER", nullable: false),
                    SkusAtOrBelowReorderPoint = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarehouseCounters", x => x.ClientId);
                    table.ForeignKey(
                        name: "FK_WarehouseCounters_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateIndex(
                name: "IX_Customers_EmailKey",
                table: "Customers",
                column: "EmailKey");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_NameKey",
                table: "Customers",
                column: "NameKey");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_SurnameKey",
                table: "Customers",
                column: "SurnameKey");

            migrationBuilder.CreateIndex(
                name: "IX_ExpediteRequests_OrderId",
                table: "ExpediteRequests",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpediteRequests_State_RequestedAt",
                table: "ExpediteRequests",
                columns: new[] { "State", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundCounters_ClientId_ExpectedDate",
                table: "InboundCounters",
                columns: new[] { "ClientId", "ExpectedDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestockSubscriptions_SkuId_NotifiedAt",
                table: "RestockSubscriptions",
                columns: new[] { "SkuId", "NotifiedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Outbox_Orders_OrderId",
                table: "Outbox",
                column: "OrderId",
                principalTable: "Orders",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Outbox_Orders_OrderId",
                table: "Outbox");

            migrationBuilder.DropTable(
                name: "ExpediteRequests");

            migrationBuilder.DropTable(
                name: "InboundCounters");

            migrationBuilder.DropTable(
                name: "RestockSubscriptions");

            migrationBuilder.DropTable(
                name: "WarehouseCounters");

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

            migrationBuilder.DropIndex(
                name: "IX_Customers_EmailKey",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_NameKey",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_SurnameKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AbcClass",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "DemandMean",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "DemandStdDev",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "LeadTimeFromHistory",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "LeadTimeMean",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "LeadTimeStdDev",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "PlanningComputedAt",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "ServiceLevel",
                table: "Skus");

            migrationBuilder.DropColumn(
                name: "QuotedEtaFrom",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "QuotedEtaTo",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "EmailKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "SurnameKey",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_BackorderedAt",
                table: "OrderLines",
                column: "BackorderedAt");
        }
    }
}
