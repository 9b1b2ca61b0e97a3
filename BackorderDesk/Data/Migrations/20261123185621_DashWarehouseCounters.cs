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
                name: "WarehouseCounters",
                columns: table => new
                {
                    ClientId = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOrders = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOrdersWaiting = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingLines = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitingUnits = table.Column<long>(type: "INTEGER", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WarehouseCounters");
        }
    }
}
