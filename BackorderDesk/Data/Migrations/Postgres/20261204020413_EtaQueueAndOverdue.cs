using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EtaQueueAndOverdue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LatenessPercentiles",
                table: "Suppliers",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<double>(
                name: "PriorityDemandMean",
                table: "Skus",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LatenessPercentiles",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "PriorityDemandMean",
                table: "Skus");
        }
    }
}
