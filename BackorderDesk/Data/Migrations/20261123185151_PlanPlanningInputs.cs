using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackorderDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlanPlanningInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
