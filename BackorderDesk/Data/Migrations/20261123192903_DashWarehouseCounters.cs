using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashWarehouseCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "IX_InboundCounters_ClientId_ExpectedDate",
                table: "InboundCounters",
                columns: new[] { "ClientId", "ExpectedDate" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundCounters");

            migrationBuilder.DropTable(
                name: "WarehouseCounters");
        }
    }
}
