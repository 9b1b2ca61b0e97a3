using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class CsCustomerSearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
                name: "EmailKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "SurnameKey",
                table: "Customers");
        }
    }
}
